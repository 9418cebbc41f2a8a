/** The WebSocket upgrade on the emulator's HTTP server: `/api/<streaming model>` goes to a connection. */
import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { EmulatorState } from '../state';
import { handleConnection } from './connection';
import { STREAMING_MODELS } from './options';

export function attachStreaming(server: http.Server, state: EmulatorState): void {
	const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
	server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
		const url = new URL(req.url ?? '/', 'http://emulator');
		const model = url.pathname.replace(/^\/api\//, '').replace(/\/+$/, '');
		if (!url.pathname.startsWith('/api/') || !STREAMING_MODELS.includes(model)) {
			if (server.listenerCount('upgrade') <= 1) {
				socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
			}
			return;
		}
		wss.handleUpgrade(req, socket, head, (ws) => handleConnection(ws, req, url, model, state));
	});
	server.on('close', () => wss.close());
}
