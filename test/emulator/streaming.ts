/**
 * WebSocket streaming models of the emulator. Stub: another helper implements the upgrade handling
 * here (with the `ws` package). The server calls it once, right after creating the HTTP server.
 */
import type * as http from 'node:http';
import type { EmulatorState } from './state';

export function attachStreaming(_server: http.Server, _state: EmulatorState): void {
	// no-op for now
}
