/**
 * The WebSocket client is the runtime's own global `WebSocket` (Node ≥ 22, so every n8n 2.x): the
 * package ships no dependencies. TypeScript's lib here has no DOM, so the few members we use are
 * declared below. Tests on an older Node inject an API-compatible implementation (the `ws` package).
 */

export interface WebSocketMessageEvent {
	data: unknown;
}

export interface WebSocketCloseEvent {
	code: number;
	reason: string;
}

export interface WebSocketLike {
	binaryType: string;
	readonly bufferedAmount: number;
	readonly readyState: number;
	send(data: string | Uint8Array): void;
	close(code?: number, reason?: string): void;
	addEventListener(type: 'open' | 'error', listener: () => void): void;
	addEventListener(type: 'message', listener: (event: WebSocketMessageEvent) => void): void;
	addEventListener(type: 'close', listener: (event: WebSocketCloseEvent) => void): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** The runtime's global, when it has one (Node ≥ 22). Declared here: the DOM lib is not loaded. */
declare const WebSocket: WebSocketConstructor | undefined;

export const WS_OPEN = 1;

let injected: WebSocketConstructor | undefined;

/** For tests only: use this implementation instead of the global (undefined restores the global). */
export function setWebSocketImplementation(implementation: WebSocketConstructor | undefined): void {
	injected = implementation;
}

/** The constructor to use, or undefined when the runtime has none (Node < 22, so n8n 1.x). */
export function webSocketConstructor(): WebSocketConstructor | undefined {
	if (injected) return injected;
	return typeof WebSocket === 'undefined' ? undefined : WebSocket;
}

export const NO_WEBSOCKET_MESSAGE =
	'Streaming operations need a runtime with a built-in WebSocket client: Node.js 22 or newer, which every n8n 2.x uses. This n8n runs on an older Node.js (n8n 1.x). Upgrade n8n, or use the batch operation instead.';
