/**
 * `npm run test:e2e`: makes sure the pinned n8n installs (and Chromium) are there, builds the package,
 * then runs the E2E suites (n8n 2.40.5 and 1.123.50, in parallel: one Jest worker each) with
 * jest.e2e.config.js. Jest's report ends with the line `jest: N passed, M failed[, K skipped]`; the exit
 * code is non-zero on any failure. Diagnostics: test-output/e2e-n8n-<version>.log.
 *
 *   npm run test:e2e                     # both majors, browser check included (2.x)
 *   npm run test:e2e -- --major 2        # one major
 *   npm run test:e2e -- --no-build       # use the dist/ that is there
 */
import { spawn, spawnSync } from 'node:child_process';
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
	process.stderr.write(`[e2e] set-up and build: ${Math.round((Date.now() - started) / 1000)} s; now the suites\n`);

	const files = majors.map((m) => path.join('test', 'e2e', `n8n-${m}.e2e.ts`));
	return await new Promise<number>((resolve) => {
		const child = spawn(
			process.execPath,
			[require.resolve('jest/bin/jest'), '--config', 'jest.e2e.config.js', '--runTestsByPath', ...files],
			{ cwd: REPO_ROOT, stdio: 'inherit' },
		);
		const stop = (sig: NodeJS.Signals) => child.kill(sig);
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
		child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0)));
	});
}

main().then(
	(code) => process.exit(code),
	(err) => {
		console.error(err);
		process.exit(1);
	},
);
