/**
 * A bucket of many recordings made from the few sample calls: `GET /recordings/<tag>-<sample file>`
 * serves the sample under the unique name `<tag>-<sample file>`, so each of a hundred uploads can be told
 * apart in the emulator's log.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../../e2e/lib/env';

export const SAMPLES = ['call-01-billing.mp3', 'call-02-clinic.mp3', 'call-03-urgent-transfer.mp3', 'call-01-billing.wav', 'call-02-clinic.wav'];

/** `count` unique recording names for one batch: `<tag>r<i>-<sample>`. */
export function recordingNames(tag: string, count: number): string[] {
	return Array.from({ length: count }, (_, i) => `${tag}r${i + 1}-${SAMPLES[i % SAMPLES.length]}`);
}

export async function startRecordings(): Promise<{ url: string; served: string[]; close(): Promise<void> }> {
	const dir = path.join(REPO_ROOT, 'test', 'fixtures', 'audio');
	const served: string[] = [];
	const server = http.createServer((req, res) => {
		const name = path.basename(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
		const sample = name.slice(name.indexOf('-') + 1);
		let body: Buffer;
		try {
			body = readFileSync(path.join(dir, sample));
		} catch {
			res.writeHead(404).end();
			return;
		}
		served.push(name);
		res.writeHead(200, {
			'content-type': sample.endsWith('.wav') ? 'audio/wav' : 'audio/mpeg',
			'content-length': body.length,
			'content-disposition': `attachment; filename="${name}"`,
		});
		res.end(body);
	});
	server.keepAliveTimeout = 0;
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		served,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((r) => server.close(() => r()));
		},
	};
}
