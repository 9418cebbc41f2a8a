/**
 * `npm run test:e2e`: makes sure the pinned n8n installs (and Chromium) are there, builds the package,
 * then runs the E2E suites (n8n 2.40.5 and 1.123.50, in parallel) with node:test. Prints the spec
 * report, then the TAP summary (`# pass N` / `# fail N`); exits non-zero on any failure.
 *
 *   npm run test:e2e                     # both majors, browser check included (2.x)
 *   npm run test:e2e -- --major 2        # one major
 *   npm run test:e2e -- --no-build       # use the dist/ that is there
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureSetup, REPO_ROOT } from './lib/env';

async function main(): Promise<number> {
	const args = process.argv.slice(2);
	const majorIdx = args.indexOf('--major');
	const majors = majorIdx >= 0 ? [args[majorIdx + 1]] : ['2', '1'];
	const started = Date.now();

	process.stderr.write(`[e2e] set-up (n8n ${majors.join(', ')}; cached after the first time)\n`);
	await ensureSetup([...majors, 'chromium']);

	if (!args.includes('--no-build')) {
		process.stderr.write('[e2e] npm run build\n');
		const b = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
		if (b.status !== 0) return b.status ?? 1;
	}

	const files = majors.map((m) => path.join('test', 'e2e', `n8n-${m}.e2e.ts`));
	const outDir = path.join(REPO_ROOT, 'test-output');
	mkdirSync(outDir, { recursive: true });
	const tapFile = path.join(outDir, 'e2e.tap');
	const code = await new Promise<number>((resolve) => {
		const child = spawn(
			process.execPath,
			[
				'--import', 'tsx',
				'--test',
				`--test-concurrency=${files.length}`,
				'--test-reporter=spec', '--test-reporter-destination=stdout',
				'--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
				...files,
			],
			{ cwd: REPO_ROOT, stdio: 'inherit' },
		);
		const stop = (sig: NodeJS.Signals) => child.kill(sig);
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
		child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0)));
	});
	const tap = readFileSync(tapFile, 'utf8');
	const summary = tap.split('\n').filter((l) => /^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms)\b/.test(l));
	process.stdout.write(`\n${summary.join('\n')}\n# e2e wall time ${Math.round((Date.now() - started) / 1000)} s (TAP: ${path.relative(REPO_ROOT, tapFile)})\n`);
	return code;
}

main().then(
	(code) => process.exit(code),
	(err) => {
		console.error(err);
		process.exit(1);
	},
);
