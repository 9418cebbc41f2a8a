/**
 * `npm run test:queue`: installs what the queue-mode suite needs when missing (Redis and PostgreSQL from
 * Debian's packages: scripts/queue-setup.sh; n8n 2.40.5: scripts/e2e-setup.sh), builds the package, then
 * runs the suite (jest.queue.config.js). Whatever happens (a failed test, Ctrl-C, SIGTERM), every process
 * the suite started is taken down at the end: each runs in its own process group, listed in
 * test-output/queue/pids.txt. Logs: test-output/queue/.
 *
 *   npm run test:queue                 # set-up, build, suite
 *   npm run test:queue -- --no-build   # use the dist/ that is there
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureSetup, REPO_ROOT } from '../e2e/lib/env';
import { killListed, PIDS_FILE } from './lib/processes';

function cleanUp(): void {
	const killed = killListed();
	if (killed.length) process.stderr.write(`[queue] stopped what the suite left running: ${killed.join(', ')}\n`);
}

async function main(): Promise<number> {
	const args = process.argv.slice(2);
	const started = Date.now();
	// A previous run killed hard (SIGKILL) may have left its servers: take them down first.
	cleanUp();

	process.stderr.write('[queue] set-up: Redis and PostgreSQL (apt-get when missing), n8n 2.40.5 (cached)\n');
	const apt = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'queue-setup.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
	if (apt.status !== 0) return apt.status ?? 1;
	await ensureSetup(['2']);

	if (!args.includes('--no-build')) {
		process.stderr.write('[queue] npm run build\n');
		const b = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
		if (b.status !== 0) return b.status ?? 1;
	}
	process.stderr.write(`[queue] set-up and build: ${Math.round((Date.now() - started) / 1000)} s; now the suite (pids in ${path.relative(REPO_ROOT, PIDS_FILE)})\n`);

	return await new Promise<number>((resolve) => {
		const child = spawn(process.execPath, [require.resolve('jest/bin/jest'), '--config', 'jest.queue.config.js', '--runInBand'], {
			cwd: REPO_ROOT,
			stdio: 'inherit',
		});
		let signalled = false;
		const stop = (sig: NodeJS.Signals) => {
			signalled = true;
			child.kill(sig);
		};
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
		child.on('exit', (c, sig) => resolve(signalled ? 130 : (c ?? (sig ? 1 : 0))));
	});
}

main()
	.then(
		(code) => code,
		(err) => {
			console.error(err);
			return 1;
		},
	)
	.then((code) => {
		cleanUp();
		process.exit(code);
	});
