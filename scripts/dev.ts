/**
 * `npm run dev`: the n8n editor on localhost with our package installed, the Modulate emulator running,
 * credentials created and the examples imported, so a person can click through the nodes. Ctrl-C stops
 * everything. The n8n user folder is kept between runs (your workflows stay); `--fresh` starts over.
 *
 *   npm run dev                          # n8n 2.40.5 on http://localhost:5678
 *   npm run dev -- --n8n 1 --port 5679   # n8n 1.123.50
 *   npm run dev -- --fresh --no-build
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { startEmulator } from '../test/emulator';
import { CACHE_DIR, N8N_1, N8N_2, REPO_ROOT, ensureInstalled } from '../test/e2e/lib/env';
import { N8nHome } from '../test/e2e/lib/n8n';
import { startSink } from '../test/e2e/lib/sink';
import { e2eCredentials, emulatorConfig } from '../test/e2e/lib/suite';
import { e2eCopy, exampleFiles, loadExample } from '../test/e2e/lib/workflow';

const say = (s: string) => process.stderr.write(`[dev] ${s}\n`);

function arg(name: string): string | undefined {
	const i = process.argv.indexOf(name);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
	const target = arg('--n8n') === '1' ? N8N_1 : N8N_2;
	const port = Number(arg('--port') ?? 5678);
	const emulatorPort = Number(arg('--emulator-port') ?? 8787);
	if (!process.argv.includes('--no-build')) {
		say('building the package (npm run build)');
		const b = spawnSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
		if (b.status !== 0) process.exit(b.status ?? 1);
	}
	say(`making sure n8n ${target.version} is installed (the first time takes a few minutes)`);
	await ensureInstalled(target, (s) => process.stderr.write(s));

	const emu = await startEmulator({ port: emulatorPort, config: emulatorConfig() });
	const sink = await startSink();
	const userFolder = path.join(CACHE_DIR, `dev-home-n8n-${target.version}`);
	if (process.argv.includes('--fresh')) rmSync(userFolder, { recursive: true, force: true });
	const home = new N8nHome(target, { fixedDir: userFolder });
	say(`emulator ${emu.url} (streaming ${emu.wsUrl}); sink ${sink.url}; n8n user folder ${userFolder}`);

	await home.importCredentials(e2eCredentials(emu.url));
	// The examples as shipped (they point at example.com placeholders and real Slack/CRM nodes) and
	// runnable copies, "(E2E)", wired to the sample recordings and the local sink.
	const examples = exampleFiles().map((f) => loadExample(f));
	await home.importWorkflows([...examples, ...examples.map((e) => e2eCopy(e, { sinkUrl: sink.url }))]);

	const server = await home.start({ port });
	await server.setupOwner();
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n, the emulator and the sink');
		await server.stop();
		await home.dispose();
		await sink.close();
		await emu.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	console.log(`
n8n ${target.version} (Node ${target.nodeVersion}) with n8n-nodes-modulate is running:

  Editor     ${server.url}
  Login      ${server.owner.email} / ${server.owner.password}
  Workflows  ${examples.map((e) => e.name).join('; ')}  (+ "(E2E)" copies that run against the emulator)
  Credentials "Modulate account" and "Modulate Platform account" point at the emulator (${emu.url}).
  Sample audio ${sink.url}/recordings/<file>   ·   what the examples "post": ${sink.url}/__sink/records
  Emulator log ${emu.url}/__emulator/requests

After changing the nodes: npm run build, then restart this (Ctrl-C, npm run dev -- --no-build after a build).
Press Ctrl-C to stop.`);
	setInterval(() => undefined, 60_000);
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
