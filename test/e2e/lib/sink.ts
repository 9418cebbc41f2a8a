/**
 * A local stand-in for the outside world of the example workflows:
 * - serves the sample recordings (`GET /recordings/<file>`), the "recording lands in a bucket" shape;
 * - records every other request (`POST /slack`, `/crm/hubspot`, `/upload`, …): what would have been
 *   posted to Slack, a CRM or storage. Bodies are kept as JSON when they parse, else as size + sha256.
 * Control: `GET /__sink/records`, `POST /__sink/reset`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from './env';

export interface SinkRecord {
	id: number;
	method: string;
	path: string;
	headers: Record<string, string>;
	contentType: string;
	size: number;
	sha256: string;
	/** Parsed JSON body, when it was JSON. */
	json?: unknown;
	/** Text body (form-urlencoded / text), when it was text and not JSON. */
	text?: string;
	/** For multipart bodies: the parts (name, filename, content type, size, sha256). */
	parts?: Array<{ name: string; fileName?: string; contentType?: string; size: number; sha256: string; text?: string }>;
	at: number;
}

export interface RunningSink {
	url: string;
	port: number;
	records: SinkRecord[];
	/** Records whose path starts with `prefix`. */
	posted(prefix: string): SinkRecord[];
	reset(): void;
	close(): Promise<void>;
}

/** Where sample audio is served from: the sample calls kept in the repository. */
export function audioDirs(): string[] {
	return [path.join(REPO_ROOT, 'test', 'fixtures', 'audio')].filter((d) => existsSync(d));
}

const MIME: Record<string, string> = {
	'.mp3': 'audio/mpeg',
	'.wav': 'audio/wav',
	'.ogg': 'audio/ogg',
	'.opus': 'audio/opus',
	'.flac': 'audio/flac',
	'.webm': 'audio/webm',
	'.m4a': 'audio/mp4',
	'.aac': 'audio/aac',
	'.txt': 'text/plain',
};

function sha(buf: Buffer): string {
	return createHash('sha256').update(buf).digest('hex');
}

function parseMultipart(body: Buffer, contentType: string): SinkRecord['parts'] {
	const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
	if (!m) return [];
	const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
	const parts: NonNullable<SinkRecord['parts']> = [];
	let pos = body.indexOf(boundary);
	while (pos !== -1) {
		const next = body.indexOf(boundary, pos + boundary.length);
		if (next === -1) break;
		const chunk = body.subarray(pos + boundary.length + 2, next - 2); // skip CRLF after boundary and before next
		const headerEnd = chunk.indexOf('\r\n\r\n');
		if (headerEnd !== -1) {
			const head = chunk.subarray(0, headerEnd).toString('utf8');
			const content = chunk.subarray(headerEnd + 4);
			const name = /name="([^"]*)"/i.exec(head)?.[1] ?? '';
			const fileName = /filename="([^"]*)"/i.exec(head)?.[1];
			const ct = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
			parts.push({
				name,
				fileName,
				contentType: ct,
				size: content.length,
				sha256: sha(content),
				text: fileName === undefined ? content.toString('utf8') : undefined,
			});
		}
		pos = next;
	}
	return parts;
}

export async function startSink(opts: { port?: number } = {}): Promise<RunningSink> {
	const records: SinkRecord[] = [];
	let nextId = 1;
	const dirs = audioDirs();
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://sink');
			const send = (status: number, body: unknown, type = 'application/json') => {
				const buf = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
				res.writeHead(status, { 'content-type': type, 'content-length': buf.length });
				res.end(buf);
			};
			if (url.pathname === '/__sink/records') return send(200, records);
			if (url.pathname === '/__sink/reset' && req.method === 'POST') {
				records.length = 0;
				return send(200, { ok: true });
			}
			if (req.method === 'GET' && url.pathname.startsWith('/recordings/')) {
				const name = path.basename(decodeURIComponent(url.pathname.slice('/recordings/'.length)));
				for (const d of dirs) {
					const file = path.join(d, name);
					if (existsSync(file)) {
						return send(200, readFileSync(file), MIME[path.extname(name).toLowerCase()] ?? 'application/octet-stream');
					}
				}
				// A stray non-audio file in the "bucket" (the backlog example's error branch).
				if (name.endsWith('.txt')) return send(200, 'Meeting notes: call the customer back on Monday.\n', 'text/plain');
				return send(404, { error: `no recording ${name}` });
			}
			const body = Buffer.concat(chunks);
			const contentType = String(req.headers['content-type'] ?? '');
			const rec: SinkRecord = {
				id: nextId++,
				method: req.method ?? 'GET',
				path: url.pathname,
				headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])),
				contentType,
				size: body.length,
				sha256: sha(body),
				at: Date.now(),
			};
			if (/multipart\/form-data/i.test(contentType)) rec.parts = parseMultipart(body, contentType);
			else if (body.length) {
				const text = body.toString('utf8');
				try {
					rec.json = JSON.parse(text);
				} catch {
					if (/^(text\/|application\/x-www-form-urlencoded)/i.test(contentType)) rec.text = text;
				}
			}
			records.push(rec);
			send(200, { ok: true, id: rec.id });
		});
	});
	// As in the emulator: idle keep-alive sockets are closed by the client only, never raced from here.
	server.keepAliveTimeout = 0;
	const sockets = new Set<import('node:net').Socket>();
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		records,
		posted: (prefix) => records.filter((r) => r.path.startsWith(prefix)),
		reset: () => {
			records.length = 0;
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}
