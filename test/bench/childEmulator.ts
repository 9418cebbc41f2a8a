import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The emulator in its own process, so a memory figure measures only the node under test. */
export async function childEmulator(): Promise<{ url: string; stop: () => void }> {
	const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'emulator', 'cli.ts'), '--port', '0'], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const line = await new Promise<string>((resolve, reject) => {
		createInterface({ input: child.stdout! }).once('line', resolve);
		child.once('exit', (code) => reject(new Error(`emulator exited ${code}`)));
	});
	return { url: (JSON.parse(line) as { url: string }).url, stop: () => child.kill('SIGTERM') };
}
