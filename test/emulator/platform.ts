/**
 * Platform API (`/api_service…`) of the emulator. Stub: another helper fills this in.
 * The server calls it for every path that starts with `/api_service`; returning false answers 404.
 */
import type * as http from 'node:http';
import type { EmulatorState } from './state';

export async function handlePlatform(
	_req: http.IncomingMessage,
	_res: http.ServerResponse,
	_state: EmulatorState,
): Promise<boolean> {
	return false;
}
