/**
 * `npm run emulator -- [--port 8787] [--host 127.0.0.1] [--config file.json]`
 * Starts the emulator and prints one JSON line `{"url":…,"wsUrl":…}` to stdout once it listens.
 * Stops cleanly on SIGINT / SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { startEmulator } from './server';
import type { EmulatorConfig } from './state';

function arg(name: string): string | undefined {
	const argv = process.argv.slice(2);
	const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
	if (i < 0) return undefined;
	const a = argv[i];
	return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
}

async function main(): Promise<void> {
	const port = Number(arg('port') ?? 8787);
	const host = arg('host') ?? '127.0.0.1';
	const configFile = arg('config');
	const config = configFile ? (JSON.parse(readFileSync(configFile, 'utf8')) as Partial<EmulatorConfig>) : undefined;
	const emu = await startEmulator({ port, host, config });
	process.stdout.write(JSON.stringify({ url: emu.url, wsUrl: emu.wsUrl }) + '\n');
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		emu.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err) => {
	process.stderr.write(`emulator: ${(err as Error)?.message ?? String(err)}\n`);
	process.exit(1);
});
