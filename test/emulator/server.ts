/**
 * The Modulate emulator: a real HTTP server on a loopback port serving the Models API batch endpoints
 * (models.ts), the Platform API (platform.ts), WebSocket streaming (streaming/) and control
 * endpoints under /__emulator for out-of-process users (the demo, n8n E2E runs).
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleChat } from './chat';
import { Clock, Exchange } from './exchange';
import { handleModels } from './models';
import { handlePlatform } from './platform';
import { type EmulatorConfig, EmulatorState } from './state';
import { attachStreaming } from './streaming';

export interface RunningEmulator {
	/** http://127.0.0.1:PORT */
	url: string;
	/** ws://127.0.0.1:PORT */
	wsUrl: string;
	port: number;
	state: EmulatorState;
	close(): Promise<void>;
}

export interface StartOptions {
	/** 0 (default): an ephemeral port. */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	config?: Partial<EmulatorConfig>;
}

const CONTROL_PREFIX = '/__emulator';

async function handleControl(ex: Exchange, state: EmulatorState, startedAt: number): Promise<void> {
	const method = ex.req.method ?? 'GET';
	const sub = ex.path.slice(CONTROL_PREFIX.length);
	const read = await ex.readBody(10 * 1024 * 1024);
	if (!read) return;
	if (method === 'GET' && sub === '/health') {
		ex.json(200, { ok: true, uptimeMs: Date.now() - startedAt, requests: state.requests.length });
	} else if (method === 'GET' && sub === '/requests') {
		let list = state.requests;
		if (ex.query.surface) list = list.filter((r) => r.surface === ex.query.surface);
		if (ex.query.since) list = list.filter((r) => r.id > Number(ex.query.since));
		if (ex.query.path) list = list.filter((r) => r.path.includes(ex.query.path));
		ex.json(200, list);
	} else if (method === 'GET' && sub === '/config') {
		ex.json(200, state.config);
	} else if (method === 'POST' && sub === '/config') {
		let partial: unknown;
		try {
			partial = read.body.length ? JSON.parse(read.body.toString('utf8')) : {};
		} catch {
			ex.json(400, { detail: 'Body must be a JSON object (a partial EmulatorConfig).' });
			return;
		}
		if (typeof partial !== 'object' || partial === null || Array.isArray(partial)) {
			ex.json(400, { detail: 'Body must be a JSON object (a partial EmulatorConfig).' });
			return;
		}
		state.configure(partial as Partial<EmulatorConfig>);
		ex.json(200, state.config);
	} else if (method === 'POST' && sub === '/reset') {
		state.reset();
		ex.json(200, { ok: true });
	} else if (method === 'GET' && sub === '/stats') {
		ex.json(200, { requests: state.requests.length, peakInflight: Object.fromEntries(state.peakInflight) });
	} else {
		ex.json(404, { detail: 'Not Found' });
	}
}

export async function startEmulator(opts: StartOptions = {}): Promise<RunningEmulator> {
	const host = opts.host ?? '127.0.0.1';
	const state = new EmulatorState();
	if (opts.config) state.configure(opts.config);
	const clock = new Clock();
	const startedAt = Date.now();
	const sockets = new Set<Socket>();

	const server = http.createServer(async (req, res) => {
		const url = req.url ?? '/';
		const pathOnly = url.split('?')[0];
		try {
			if (pathOnly.startsWith(CONTROL_PREFIX)) {
				await handleControl(new Exchange(req, res, state, 'control', false), state, startedAt);
				return;
			}
			// the fake chat model for AI-agent runs (chat.ts); not part of Modulate's API
			if (pathOnly.startsWith('/v1/') && (await handleChat(req, res, state))) return;
			if (pathOnly.startsWith('/api_service')) {
				if (await handlePlatform(req, res, state)) return;
				const ex = new Exchange(req, res, state, 'platform');
				await ex.readBody(0);
				ex.json(404, { detail: 'Not Found' });
				return;
			}
			const ex = new Exchange(req, res, state, 'models');
			if (await handleModels(ex, state, clock)) return;
			await ex.readBody(0);
			ex.json(404, { detail: 'Not Found' });
		} catch (err) {
			// an emulator bug: answer like the API's own 500 and say what happened on stderr
			process.stderr.write(`[emulator] ${req.method} ${pathOnly}: ${(err as Error)?.stack ?? String(err)}\n`);
			if (!res.headersSent && !res.destroyed) {
				res.writeHead(500, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ detail: 'Internal server error' }));
			}
		}
	});
	// batch calls may legitimately take long (processingMs, slow faults): no server-side cut-offs
	server.requestTimeout = 0;
	server.headersTimeout = 0;
	// Never close an idle keep-alive connection from this side: a client that reuses a pooled socket in the
	// moment the server times it out gets a reset ('fetch failed', or an extra retried request). Only the
	// client closes idle sockets; close() below tears every socket down.
	server.keepAliveTimeout = 0;
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	attachStreaming(server, state);

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const hostForUrl = host.includes(':') ? `[${host}]` : host;
	let closing: Promise<void> | undefined;

	return {
		url: `http://${hostForUrl}:${port}`,
		wsUrl: `ws://${hostForUrl}:${port}`,
		port,
		state,
		close() {
			closing ??= new Promise<void>((resolve) => {
				clock.close();
				server.close(() => resolve());
				for (const s of sockets) s.destroy();
				server.closeAllConnections();
			});
			return closing;
		},
	};
}
