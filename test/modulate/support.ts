/**
 * What the Modulate node's test files share: the sample calls, the parameters a user would set (fast retries),
 * and `useModulate()`: an emulator for the file (test/helpers/emulator.ts), the node runner
 * (test/helpers/modulateRunner.ts) and the emulator's request log per surface. Streaming tests add
 * `useWebSocketClient()`.
 *
 * On Node 20 (no global WebSocket) the node is given the `ws` package's client through the test-only setter;
 * with STREAMING_GLOBAL_WEBSOCKET=1 on Node ≥ 22 the runtime's own global WebSocket is used instead.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import WebSocket from 'ws';
import { setWebSocketImplementation } from '../../nodes/Modulate/streaming/websocket';
import type { WebSocketConstructor } from '../../nodes/Modulate/streaming/websocket';
import type { RecordedRequest } from '../emulator/state';
import { testWav } from '../emulator/audio';
import { useEmulator } from '../helpers/emulator';
import { modulateRunner } from '../helpers/modulateRunner';
import { binaryItem } from '../helpers/n8n';

const AUDIO = join(__dirname, '..', 'fixtures', 'audio');
export const wav1 = readFileSync(join(AUDIO, 'call-01-billing.wav'));
export const wav2 = readFileSync(join(AUDIO, 'call-02-clinic.wav'));
export const wav3 = readFileSync(join(AUDIO, 'call-03-urgent-transfer.wav'));
export const mp3_1 = readFileSync(join(AUDIO, 'call-01-billing.mp3'));
export const mp3_2 = readFileSync(join(AUDIO, 'call-02-clinic.mp3'));
export const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** An emulator for this test file, the node runner against it, and its request log per surface. */
export function useModulate() {
	const emulator = useEmulator();
	const runner = modulateRunner(() => emulator.url);
	const modelRequests = (): RecordedRequest[] => emulator.state.requests.filter((r) => r.surface === 'models');
	const streams = (): RecordedRequest[] => emulator.state.requests.filter((r) => r.surface === 'streaming');
	return { emulator, ...runner, modelRequests, streams };
}

// ------------------------------------------------------------------------------------------------
// Batch operations
// ------------------------------------------------------------------------------------------------

/** Fast retries for tests; the options a user would set. */
export const fast = { retryInitialDelayMs: 5, timeoutSeconds: 30 };

export const params = (resource: string, operation: string, options: IDataObject = {}, extra: INodeParameters = {}): INodeParameters => ({
	resource,
	operation,
	...extra,
	options: { ...fast, ...options },
});
export const transcribe = (options: IDataObject = {}): INodeParameters => ({
	resource: 'transcription',
	operation: 'transcribe',
	options: { ...fast, ...options },
});
export const wavItem = async () => await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav');

// ------------------------------------------------------------------------------------------------
// Streaming operations
// ------------------------------------------------------------------------------------------------

export const useGlobal = process.env.STREAMING_GLOBAL_WEBSOCKET === '1';
export const hasGlobal = typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'function';

/** The WebSocket client the node streams with, for the test file (see the header). */
export function useWebSocketClient(): void {
	beforeAll(() => {
		if (useGlobal) assert.ok(hasGlobal, 'STREAMING_GLOBAL_WEBSOCKET=1 needs Node >= 22');
		else setWebSocketImplementation(WebSocket as unknown as WebSocketConstructor);
	});
	afterAll(() => {
		setWebSocketImplementation(undefined);
	});
}

/** Fast retries for streaming tests. */
const fastStreaming = { retryInitialDelayMs: 5 };

const streamingParams = (resource: string, operation: string, options: IDataObject = {}): INodeParameters => ({
	resource,
	operation,
	options: { ...fastStreaming, ...options },
});
export const stt = (options: IDataObject = {}) => streamingParams('transcription', 'transcribeStreaming', options);
export const v2 = (options: IDataObject = {}) => streamingParams('transcription', 'transcribeEnglishV2Streaming', options);
export const svd = (options: IDataObject = {}) => streamingParams('deepfake', 'detectSyntheticVoiceStreaming', options);
export const pii = (options: IDataObject = {}) => streamingParams('redaction', 'redactPiiPhiStreaming', options);

export const WAV_HEADER = 44;
export const wav = () => binaryItem(testWav({ durationMs: 3000 }), 'a.wav', 'audio/wav');
