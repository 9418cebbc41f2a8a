/**
 * One streaming connection: auth and limits at the handshake, the query, then audio in and results out
 * (each after the configured latency), the scripted faults, and the record of it in the request log.
 */
import type * as http from 'node:http';
import type { WebSocket, RawData } from 'ws';
import type { EmulatorState, FaultKind } from '../state';
import { CONTAINER_BYTES_PER_SECOND, looksLikeContainer, RAW_BYTES } from './formats';
import { makeEnglishV2, makePii, makeStt, makeSvd, type ModelLogic, type Send } from './models';
import { ENGLISH_V2_MODEL, PII_MODEL, STT_MODEL, SVD_MODEL, streamingOptions } from './options';
import { applyConfigFrame, parseAudioParams, parseNonNegative, parseSttQuery, type SttSettings, type ValidationError } from './query';
import { Activity, readWavHeader } from './received';

const STREAM_FAULTS: FaultKind[] = ['concurrent429', 'error4003', 'close1011', 'drop', 'stall'];

function rawDataToBuffer(data: RawData): Buffer {
	if (Buffer.isBuffer(data)) return data;
	if (Array.isArray(data)) return Buffer.concat(data);
	return Buffer.from(data as ArrayBuffer);
}

export function handleConnection(ws: WebSocket, req: http.IncomingMessage, url: URL, model: string, state: EmulatorState): void {
	const opts = streamingOptions(state);
	const query = url.searchParams;
	const startedAt = Date.now();
	const textFrames: string[] = [];
	let binaryBytes = 0;
	let fault: FaultKind | undefined;
	let slot: string | undefined;
	let recorded = false;
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;

	const record = (status: number) => {
		if (recorded) return;
		recorded = true;
		if (slot) state.release(slot, model);
		state.record({
			surface: 'streaming',
			method: 'GET',
			path: url.pathname,
			query: Object.fromEntries(query.entries()),
			headers,
			fields: {},
			files: [],
			textFrames,
			binaryBytes,
			status,
			fault,
			startedAt,
			endedAt: Date.now(),
		});
	};

	// Results go out in order, each after the configured latency.
	let queue: Promise<void> = Promise.resolve();
	let stopped = false;
	const send: Send = (data) => {
		if (stopped) return;
		queue = queue.then(async () => {
			const latency = state.config.faults.latencyMs ?? 0;
			if (latency > 0) await new Promise((r) => setTimeout(r, latency));
			if (ws.readyState === ws.OPEN) ws.send(data);
		});
	};
	const closeWith = (code: number, error?: string) => {
		if (stopped) return;
		stopped = true;
		queue = queue.then(() => {
			if (error !== undefined && ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'error', error }));
			if (ws.readyState === ws.OPEN) ws.close(code);
			record(code);
		});
	};
	ws.on('close', (code) => record(code === 1005 ? 1000 : code));
	ws.on('error', () => undefined);

	// 1. Auth and limits at the handshake. The key counts only as a query parameter.
	const key = query.get('api_key') ?? '';
	const keyConfig = key ? state.config.modelsKeys[key] : undefined;
	if (!keyConfig) {
		const code = state.config.badKeyWsCloseCode;
		closeWith(code, code === 4001 ? 'Invalid API key.' : 'This request is not permitted.');
		return;
	}
	if (keyConfig.disabledModels?.includes(model)) {
		closeWith(4003, 'This request is not permitted.');
		return;
	}
	if (keyConfig.quotaExhausted) {
		closeWith(4029, 'Insufficient credits.');
		return;
	}

	// 2. Query parameters.
	let audioParams: ReturnType<typeof parseAudioParams>;
	let settings: SttSettings;
	let padding: { start: number; end: number } | undefined;
	try {
		audioParams = parseAudioParams(model, query);
		settings = model === STT_MODEL || model === PII_MODEL ? parseSttQuery(query) : parseSttQuery(new URLSearchParams());
		if (model === PII_MODEL) {
			padding = {
				start: parseNonNegative(query, 'start_redaction_padding_ms', 100),
				end: parseNonNegative(query, 'end_redaction_padding_ms', 0),
			};
		}
	} catch (error) {
		const e = error as ValidationError;
		closeWith(e.code ?? 1003, e.message);
		return;
	}
	void padding;
	if (opts.handshakeClose) {
		closeWith(opts.handshakeClose.code, opts.handshakeClose.error);
		return;
	}

	fault = state.drawFault(url.pathname, STREAM_FAULTS);
	if (fault === 'concurrent429' || !state.acquire(key, model, keyConfig.concurrency)) {
		fault = fault === 'concurrent429' ? fault : undefined;
		closeWith(4029, 'Rate limit exceeded: too many concurrent connections are active.');
		return;
	}
	slot = key;

	// 3. Audio.
	let bytesPerMs = audioParams.raw
		? (audioParams.sampleRate! * audioParams.channels! * RAW_BYTES[audioParams.format!]) / 1000
		: CONTAINER_BYTES_PER_SECOND / 1000;
	let activity: Activity | undefined = audioParams.format === 's16le' ? new Activity(bytesPerMs * 100) : undefined;
	let wavPending = audioParams.format === 'wav' || audioParams.format === undefined;
	let head = Buffer.alloc(0);
	let audioBytes = 0;
	let logic: ModelLogic | undefined;
	let sawBinary = false;
	let faultFired = false;
	let stalled = false;

	const makeLogic = (): ModelLogic => {
		if (model === STT_MODEL) return makeStt(state, opts, settings, activity);
		if (model === ENGLISH_V2_MODEL) return makeEnglishV2(opts, activity);
		if (model === SVD_MODEL) return makeSvd(opts, activity);
		return makePii(state, opts, settings, activity);
	};

	const fireFault = () => {
		faultFired = true;
		switch (fault) {
			case 'stall':
				stalled = true;
				return true;
			case 'drop':
				stopped = true;
				record(0);
				ws.terminate();
				return true;
			case 'close1011':
				closeWith(1011, 'Internal server error');
				return true;
			case 'error4003':
				closeWith(4003, 'This request is not permitted.');
				return true;
			default:
				return false;
		}
	};

	const mismatch = () => {
		const message =
			model === ENGLISH_V2_MODEL
				? 'Audio data does not match the declared audio_format.'
				: model === SVD_MODEL
					? audioParams.raw
						? 'Audio data does not match the declared audio_format.'
						: 'The audio could not be processed. It may be corrupted or in an unsupported format.'
					: 'Invalid input audio';
		closeWith(4002, message);
	};

	ws.on('message', (data: RawData, isBinary: boolean) => {
		if (stopped || stalled) return;
		if (!isBinary) {
			const text = rawDataToBuffer(data).toString('utf8');
			textFrames.push(text);
			if (text === '') {
				logic ??= makeLogic();
				if (!faultFired && fault && fireFault()) return;
				logic.finish(audioBytes / bytesPerMs, send);
				stopped = true;
				queue = queue.then(() => {
					if (ws.readyState === ws.OPEN) ws.close(1000);
					record(1000);
				});
				return;
			}
			if (model === STT_MODEL && !sawBinary && textFrames.length === 1) {
				try {
					applyConfigFrame(settings, text);
				} catch (error) {
					closeWith(1003, (error as Error).message);
				}
			}
			return; // other text frames are ignored (English-v2: "does not respond to any other client frame types")
		}
		const chunk = rawDataToBuffer(data);
		sawBinary = true;
		binaryBytes += chunk.length;
		let audio = chunk;
		if (audioParams.raw && binaryBytes === chunk.length && looksLikeContainer(chunk.subarray(0, 12))) {
			mismatch();
			return;
		}
		if (wavPending) {
			head = Buffer.concat([head, chunk]);
			const first = head.subarray(0, 4).toString('latin1');
			if (audioParams.format === undefined && head.length >= 4 && first !== 'RIFF') {
				wavPending = false; // auto-detected as another container
				audio = head;
			} else {
				const wav = readWavHeader(head);
				if (wav === null) {
					mismatch();
					return;
				}
				if (wav === undefined) return;
				wavPending = false;
				bytesPerMs = wav.bytesPerMs;
				if (wav.pcm16) activity = new Activity(bytesPerMs * 100);
				audio = head.subarray(wav.dataOffset);
			}
			head = Buffer.alloc(0);
		}
		audioBytes += audio.length;
		activity?.add(audio);
		logic ??= makeLogic();
		const ms = audioBytes / bytesPerMs;
		if (fault && !faultFired && ms >= opts.faultAfterMs && fireFault()) return;
		logic.progress(ms, send);
	});
}
