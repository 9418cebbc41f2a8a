/**
 * The emulator's WebSocket streaming models, written from the AsyncAPI specs in
 * shared/reference/modulate/asyncapi/ (stt-streaming, stt-streaming-english-v2,
 * synthetic-voice-detection-streaming, pii-phi-redaction-streaming):
 * - auth and limits at the handshake (`api_key` query only; a bad key gets an `error` frame and
 *   `config.badKeyWsCloseCode`, a disabled model 4003, no credits or too many connections 4029);
 * - query parameters validated with the specs' messages, close 1003;
 * - STT: an optional first-frame JSON config;
 * - results in proportion to the audio received (utterances per `utteranceMs` of audio, frames per
 *   `frameMs`, English-v2 partials every `partialMs`), then `done` after the empty text frame, close 1000;
 * - PII: each utterance announces a binary MP3 clip that follows it; `done` may announce a trailing clip;
 * - faults from `state.drawFault`: `error4003`, `close1011`, `drop`, `stall` (mid-stream, once
 *   `faultAfterMs` of audio arrived) and `concurrent429` (at the handshake, as close 4029);
 * - every connection recorded with `state.record` (surface `streaming`, text frames, binary bytes,
 *   close code, 0 for a drop).
 */
import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { createHash } from 'node:crypto';
import { WebSocketServer } from 'ws';
import type { WebSocket, RawData } from 'ws';
import type { EmulatorState, FaultKind } from './state';
import { silentMp3Clip } from './audio';
import {
	CONTAINER_BYTES_PER_SECOND,
	CONTAINERS,
	RAW_BYTES,
	SAMPLE_RATES,
	SVD_EXTRA_CONTAINERS,
	looksLikeContainer,
} from './streaming/formats';

export const STT_MODEL = 'velma-2-stt-streaming';
export const ENGLISH_V2_MODEL = 'velma-2-stt-streaming-english-v2';
export const SVD_MODEL = 'velma-2-synthetic-voice-detection-streaming';
export const PII_MODEL = 'velma-2-pii-phi-redaction-streaming';
export const STREAMING_MODELS = [STT_MODEL, ENGLISH_V2_MODEL, SVD_MODEL, PII_MODEL];

/** Knobs of the streaming emulator, per emulator state (set with `configureStreaming`). */
export interface StreamingOptions {
	/** Audio (ms) after which a scripted mid-stream fault fires. */
	faultAfterMs: number;
	/** One utterance per this much audio (STT, PII, and English-v2's text). */
	utteranceMs: number;
	/** Synthetic-voice frame length. */
	frameMs: number;
	/** English-v2 partial interval, in audio ms. */
	partialMs: number;
	/** Every n-th synthetic-voice frame with sound is `synthetic` (0: never). */
	syntheticEvery: number;
	/** Refuse every connection after auth with this `error` frame and close code (e.g. to test 1003 mapping). */
	handshakeClose?: { code: number; error?: string };
}

const DEFAULT_OPTIONS: StreamingOptions = {
	faultAfterMs: 1000,
	utteranceMs: 4000,
	frameMs: 4000,
	partialMs: 1500,
	syntheticEvery: 5,
};

const optionsByState = new WeakMap<EmulatorState, StreamingOptions>();

export function configureStreaming(state: EmulatorState, partial: Partial<StreamingOptions>): void {
	optionsByState.set(state, { ...streamingOptions(state), ...partial });
}

/** Back to the defaults (`state.reset()` does not know these knobs). */
export function resetStreaming(state: EmulatorState): void {
	optionsByState.delete(state);
}

export function streamingOptions(state: EmulatorState): StreamingOptions {
	return optionsByState.get(state) ?? { ...DEFAULT_OPTIONS };
}

const STREAM_FAULTS: FaultKind[] = ['concurrent429', 'error4003', 'close1011', 'drop', 'stall'];

function pyList(values: Array<string | number>): string {
	return `[${values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ')}]`;
}

function formatsFor(model: string): string[] {
	const base = [...Object.keys(RAW_BYTES), ...CONTAINERS];
	return (model === SVD_MODEL ? [...base, ...SVD_EXTRA_CONTAINERS] : base).sort();
}

/** Deterministic sentences; `{name:…}` marks PII, `{phi:…}` PHI. */
const SENTENCES = [
	'Thanks for calling velma support, how can I help you today?',
	'Hi, my name is {name:John Smith} and I am calling about my bill.',
	'Sure, can you confirm your date of birth for me?',
	'It is {dob:March third nineteen eighty}, and my number is {phone:555 0143}.',
	'Thank you, I see a charge from last week on the account.',
	'I was treated for {phi:asthma} and the clinic billed me twice.',
	'I will refund the second charge right away.',
	'Great, that is all I needed, thanks a lot.',
];
const EMOTIONS = ['Neutral', 'Calm', 'Interested', 'Frustrated', 'Relieved'];
const ACCENTS = ['American', 'British', 'Indian', 'Irish'];

type TextMode = 'plain' | 'tagged' | 'redacted';

function render(sentence: string, mode: TextMode, style: 'xml' | 'bracket'): string {
	return sentence.replace(/\{(\w+):([^}]*)\}/g, (_m, cat: string, value: string) => {
		if (mode === 'plain') return value;
		const tag = cat === 'phi' ? 'phi' : `pii:${cat}`;
		if (style === 'bracket') return `[${cat.toUpperCase()}]`;
		return mode === 'tagged' ? `<${tag}>${value}</${tag}>` : `<${tag}></${tag}>`;
	});
}

function uuidFor(...parts: Array<string | number>): string {
	const h = createHash('sha256').update(parts.join('|')).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface CustomTerm {
	term: string;
}

function applyTerms(text: string, terms: CustomTerm[]): string {
	let out = text;
	for (const { term } of terms) {
		const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		out = out.replace(new RegExp(`\\b${escaped}\\b`, 'gi'), term);
	}
	return out;
}

class ValidationError extends Error {
	constructor(
		message: string,
		readonly code: number,
	) {
		super(message);
	}
}

interface SttSettings {
	speaker_diarization: boolean;
	emotion_signal: boolean;
	accent_signal: boolean;
	deepfake_signal: boolean;
	pii_phi_tagging: boolean;
	partial_results: boolean;
	language: string | null;
	custom_terms: CustomTerm[];
}

const LANGUAGE = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]+)*$/;

function parseBool(query: URLSearchParams, name: string, fallback: boolean): boolean {
	const raw = query.get(name);
	if (raw === null) return fallback;
	if (/^(true|1)$/i.test(raw)) return true;
	if (/^(false|0)$/i.test(raw)) return false;
	throw new ValidationError(`Invalid ${name}='${raw}'. Must be true or false`, 1003);
}

function parseNonNegative(query: URLSearchParams, name: string, fallback: number): number {
	const raw = query.get(name);
	if (raw === null) return fallback;
	const n = Number(raw);
	if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) {
		throw new ValidationError(`Invalid ${name}=${raw}. Must be an integer >= 0`, 1003);
	}
	return n;
}

/** Audio parameters of the query, checked as the specs describe. */
function parseAudioParams(model: string, query: URLSearchParams) {
	const format = query.get('audio_format');
	const rateRaw = query.get('sample_rate');
	const channelsRaw = query.get('num_channels');
	const required = model === SVD_MODEL || model === ENGLISH_V2_MODEL;
	if (format === null) {
		if (rateRaw !== null || channelsRaw !== null) {
			throw new ValidationError('sample_rate and num_channels require audio_format to be specified', 1003);
		}
		if (required) {
			throw new ValidationError(
				'audio_format query parameter is required. Example: audio_format=s16le&sample_rate=16000&num_channels=1',
				1003,
			);
		}
		return { format: undefined, raw: false, sampleRate: undefined, channels: undefined };
	}
	const valid = formatsFor(model);
	if (!valid.includes(format)) throw new ValidationError(`Invalid audio_format='${format}'. Valid values: ${pyList(valid)}`, 1003);
	const raw = format in RAW_BYTES;
	if (!raw) return { format, raw, sampleRate: undefined, channels: undefined };
	if (rateRaw === null || channelsRaw === null) {
		throw new ValidationError('Raw audio formats require sample_rate and num_channels query parameters', 1003);
	}
	const sampleRate = Number(rateRaw);
	if (!SAMPLE_RATES.includes(sampleRate)) {
		throw new ValidationError(`Invalid sample_rate=${rateRaw}. Valid values: ${pyList(SAMPLE_RATES)}`, 1003);
	}
	const channels = Number(channelsRaw);
	if (!Number.isInteger(channels) || channels < 1 || channels > 8) {
		throw new ValidationError(`Invalid num_channels=${channelsRaw}. Must be between 1 and 8`, 1003);
	}
	return { format, raw, sampleRate, channels };
}

function parseSttQuery(query: URLSearchParams): SttSettings {
	const language = query.get('language');
	if (language !== null && !LANGUAGE.test(language)) {
		throw new ValidationError(`Invalid language='${language}'`, 1003);
	}
	return {
		speaker_diarization: parseBool(query, 'speaker_diarization', true),
		emotion_signal: parseBool(query, 'emotion_signal', false),
		accent_signal: parseBool(query, 'accent_signal', false),
		deepfake_signal: parseBool(query, 'deepfake_signal', false),
		pii_phi_tagging: parseBool(query, 'pii_phi_tagging', false),
		partial_results: parseBool(query, 'partial_results', false),
		language,
		custom_terms: [],
	};
}

/** The STT first-frame config (STTStreamConfig); anything outside the schema is "Invalid configuration." */
function applyConfigFrame(settings: SttSettings, text: string): void {
	const invalid = new ValidationError('Invalid configuration.', 1003);
	let config: unknown;
	try {
		config = JSON.parse(text);
	} catch {
		throw invalid;
	}
	if (!config || typeof config !== 'object' || Array.isArray(config)) throw invalid;
	const bools = ['speaker_diarization', 'emotion_signal', 'accent_signal', 'deepfake_signal', 'pii_phi_tagging', 'partial_results'] as const;
	for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
		if ((bools as readonly string[]).includes(key)) {
			if (typeof value !== 'boolean') throw invalid;
			settings[key as (typeof bools)[number]] = value;
		} else if (key === 'language') {
			if (value !== null && (typeof value !== 'string' || !LANGUAGE.test(value))) throw invalid;
			settings.language = value as string | null;
		} else if (key === 'custom_terms') {
			if (value === null) continue;
			if (!Array.isArray(value) || value.length > 1000) throw invalid;
			const terms: CustomTerm[] = [];
			for (const entry of value) {
				if (typeof entry === 'string') {
					if (entry.trim()) terms.push({ term: entry.trim() });
					continue;
				}
				const e = entry as { term?: unknown; definition?: unknown; pronunciations?: unknown };
				if (!e || typeof e !== 'object' || typeof e.term !== 'string' || !e.term) throw invalid;
				if (e.definition !== undefined && (typeof e.definition !== 'string' || e.definition.length > 256)) throw invalid;
				if (e.pronunciations !== undefined) {
					const p = e.pronunciations;
					if (!Array.isArray(p) || p.length > 16 || p.some((x) => typeof x !== 'string' || x.length > 128 || !/^[\x20-\x7e]*$/.test(x))) {
						throw invalid;
					}
				}
				if (e.term.trim()) terms.push({ term: e.term.trim() });
			}
			if (JSON.stringify(terms.map((t) => t.term)).length >= 8000) throw invalid;
			settings.custom_terms = terms;
		} else {
			throw invalid;
		}
	}
}

interface WavInfo {
	bytesPerMs: number;
	dataOffset: number;
	bits: number;
	pcm16: boolean;
}

/** Reads a WAV header from the first bytes; undefined while incomplete, null when not a WAV. */
function readWavHeader(head: Buffer): WavInfo | undefined | null {
	if (head.length < 12) return undefined;
	if (head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WAVE') return null;
	let offset = 12;
	let fmt: { channels: number; rate: number; bits: number; format: number } | undefined;
	while (offset + 8 <= head.length) {
		const id = head.toString('latin1', offset, offset + 4);
		const size = head.readUInt32LE(offset + 4);
		if (id === 'data') {
			if (!fmt) return null;
			return {
				bytesPerMs: (fmt.rate * fmt.channels * (fmt.bits / 8)) / 1000,
				dataOffset: offset + 8,
				bits: fmt.bits,
				pcm16: fmt.format === 1 && fmt.bits === 16,
			};
		}
		if (id === 'fmt ') {
			if (offset + 8 + 16 > head.length) return undefined;
			fmt = {
				format: head.readUInt16LE(offset + 8),
				channels: head.readUInt16LE(offset + 10),
				rate: head.readUInt32LE(offset + 12),
				bits: head.readUInt16LE(offset + 22),
			};
		}
		offset += 8 + size + (size % 2);
	}
	return head.length > 1024 * 1024 ? null : undefined;
}

/** Sound or silence per 100 ms block of 16-bit PCM (first channel's level is enough here). */
class Activity {
	private blocks: number[] = [];
	private sum = 0;
	private count = 0;
	private carry: Buffer | undefined;
	constructor(private readonly bytesPerBlock: number) {}

	add(data: Buffer): void {
		let buf = this.carry ? Buffer.concat([this.carry, data]) : data;
		const even = buf.length - (buf.length % 2);
		this.carry = even < buf.length ? buf.subarray(even) : undefined;
		buf = buf.subarray(0, even);
		for (let o = 0; o < buf.length; o += 2) {
			this.sum += Math.abs(buf.readInt16LE(o));
			this.count += 2;
			if (this.count >= this.bytesPerBlock) {
				this.blocks.push(this.sum / (this.count / 2));
				this.sum = 0;
				this.count = 0;
			}
		}
	}

	/** True when any 100 ms block within [startMs, endMs) holds sound; undefined when unknown. */
	soundIn(startMs: number, endMs: number): boolean {
		const first = Math.floor(startMs / 100);
		const last = Math.ceil(endMs / 100);
		let any = false;
		for (let i = first; i < last && i < this.blocks.length; i++) if (this.blocks[i] > 150) any = true;
		if (last > this.blocks.length && this.count > 0) any = any || this.sum / (this.count / 2) > 150;
		return any;
	}
}

type Send = (data: string | Buffer) => void;

/** One connection's model: turns audio milliseconds into result messages. */
interface ModelLogic {
	/** Called whenever more audio arrived; `ms` is the total received so far. */
	progress(ms: number, send: Send): void;
	/** After the empty text frame. */
	finish(ms: number, send: Send): void;
}

function makeStt(state: EmulatorState, opts: StreamingOptions, settings: SttSettings, activity?: Activity): ModelLogic {
	let next = 0;
	let partialSent = -1;
	const style = state.config.piiTagStyle ?? 'xml';
	const omit = state.config.disabledFieldStyle === 'omit';
	const utterance = (i: number, start: number, end: number) => {
		const text = applyTerms(render(SENTENCES[i % SENTENCES.length], settings.pii_phi_tagging ? 'tagged' : 'plain', style), settings.custom_terms);
		const duration = end - start;
		const u: Record<string, unknown> = {
			utterance_uuid: uuidFor('stt', i, start),
			text,
			start_ms: start,
			duration_ms: duration,
			speaker: settings.speaker_diarization ? (i % 2) + 1 : 1,
			language: (settings.language ?? 'en').split(/[-_]/)[0].toLowerCase(),
			emotion: settings.emotion_signal ? EMOTIONS[i % EMOTIONS.length] : null,
			accent: settings.accent_signal ? ACCENTS[(i % 2) % ACCENTS.length] : null,
			deepfake_score: settings.deepfake_signal && duration >= 500 ? Math.round(((i * 37) % 10) / 100 * 1000) / 1000 + 0.01 : null,
		};
		if (omit) for (const k of ['emotion', 'accent', 'deepfake_score']) if (u[k] === null) delete u[k];
		return u;
	};
	const emitUpTo = (ms: number, send: Send, final: boolean) => {
		const U = opts.utteranceMs;
		while ((next + 1) * U <= ms || (final && next * U + 300 <= ms)) {
			const start = next * U;
			const end = Math.min(ms, start + U - 400 > start ? start + U - 400 : start + U);
			if (!activity || activity.soundIn(start, end)) send(JSON.stringify({ type: 'utterance', utterance: utterance(next, start, end) }));
			next++;
		}
		if (settings.partial_results && !final) {
			const start = next * opts.utteranceMs;
			if (ms - start >= opts.utteranceMs / 2 && partialSent < next && (!activity || activity.soundIn(start, ms))) {
				partialSent = next;
				const words = render(SENTENCES[next % SENTENCES.length], 'plain', style).split(' ');
				send(
					JSON.stringify({
						type: 'partial_utterance',
						partial_utterance: {
							text: words.slice(0, Math.ceil(words.length / 2)).join(' '),
							start_ms: start,
							speaker: settings.speaker_diarization ? (next % 2) + 1 : 1,
							emotion: null,
							accent: null,
							deepfake_score: null,
						},
					}),
				);
			}
		}
	};
	return {
		progress: (ms, send) => emitUpTo(ms, send, false),
		finish: (ms, send) => {
			emitUpTo(ms, send, true);
			send(JSON.stringify({ type: 'done', duration_ms: Math.round(ms) }));
		},
	};
}

function makeEnglishV2(opts: StreamingOptions, activity?: Activity): ModelLogic {
	let nextPartial = 1;
	const transcript = (ms: number) => {
		const parts: string[] = [];
		for (let i = 0; i * opts.utteranceMs + 300 <= ms; i++) {
			const start = i * opts.utteranceMs;
			if (activity && !activity.soundIn(start, Math.min(ms, start + opts.utteranceMs))) continue;
			const words = render(SENTENCES[i % SENTENCES.length], 'plain', 'xml').split(' ');
			const share = Math.min(1, (ms - start) / opts.utteranceMs);
			parts.push(words.slice(0, Math.max(1, Math.round(words.length * share))).join(' '));
		}
		return parts.join(' ');
	};
	return {
		progress: (ms, send) => {
			while (nextPartial * opts.partialMs <= ms) {
				send(JSON.stringify({ type: 'partial_utterance', partial_utterance: { text: transcript(nextPartial * opts.partialMs), is_final: false } }));
				nextPartial++;
			}
		},
		finish: (ms, send) => {
			send(JSON.stringify({ type: 'utterance', utterance: { text: transcript(ms), is_final: true } }));
			send(JSON.stringify({ type: 'done', duration_ms: Math.round(ms) }));
		},
	};
}

function makeSvd(opts: StreamingOptions, activity?: Activity): ModelLogic {
	let next = 0;
	const frame = (i: number, start: number, end: number) => {
		const sound = activity ? activity.soundIn(start, end) : true;
		const synthetic = sound && opts.syntheticEvery > 0 && i % opts.syntheticEvery === opts.syntheticEvery - 1;
		return {
			start_time_ms: start,
			end_time_ms: end,
			verdict: !sound ? 'no-content' : synthetic ? 'synthetic' : 'non-synthetic',
			confidence: Math.round((0.8 + ((i * 7) % 19) / 100) * 10000) / 10000,
		};
	};
	const emit = (ms: number, send: Send, final: boolean) => {
		const F = opts.frameMs;
		while ((next + 1) * F <= ms || (final && next * F + 500 <= ms)) {
			const start = next * F;
			send(JSON.stringify({ type: 'frame', frame: frame(next, start, Math.min(ms, start + F)) }));
			next++;
		}
	};
	return {
		progress: (ms, send) => emit(ms, send, false),
		finish: (ms, send) => {
			emit(ms, send, true);
			send(JSON.stringify({ type: 'done', duration_ms: Math.round(ms), frame_count: next }));
		},
	};
}

function makePii(state: EmulatorState, opts: StreamingOptions, settings: SttSettings, activity?: Activity): ModelLogic {
	let next = 0;
	let emittedTo = 0;
	let clip = 0;
	const style = state.config.piiTagStyle ?? 'xml';
	const sendClip = (send: Send, start: number, end: number) => send(silentMp3Clip(end - start, `clip${clip++}@${start}-${end}`));
	const emit = (ms: number, send: Send, final: boolean) => {
		const U = opts.utteranceMs;
		while ((next + 1) * U <= ms || (final && next * U + 300 <= ms)) {
			const start = next * U;
			const end = Math.min(ms, start + U - 400);
			const i = next++;
			if (activity && !activity.soundIn(start, end)) continue;
			const utterance = {
				utterance_uuid: uuidFor('pii', i, start),
				text: render(SENTENCES[i % SENTENCES.length], 'redacted', style),
				start_ms: start,
				duration_ms: end - start,
				speaker: settings.speaker_diarization ? (i % 2) + 1 : 1,
				language: (settings.language ?? 'en').split(/[-_]/)[0].toLowerCase(),
			};
			const audio = { start_ms: emittedTo, duration_ms: end - emittedTo };
			send(JSON.stringify({ type: 'utterance', utterance, redacted_audio: audio }));
			sendClip(send, emittedTo, end);
			emittedTo = end;
			if (i % 4 === 3) {
				// An out-of-order backchannel whose audio was already emitted: no binary frame follows.
				const late = { ...utterance, utterance_uuid: uuidFor('pii-late', i), text: 'Yes.', start_ms: start + 500, duration_ms: 400, speaker: 2 };
				send(JSON.stringify({ type: 'utterance', utterance: late, redacted_audio: null }));
			}
		}
	};
	return {
		progress: (ms, send) => emit(ms, send, false),
		finish: (ms, send) => {
			emit(ms, send, true);
			const total = Math.round(ms);
			const trailing = total - emittedTo >= 24 ? { start_ms: emittedTo, duration_ms: total - emittedTo } : null;
			send(JSON.stringify({ type: 'done', duration_ms: total, trailing_redacted_audio: trailing }));
			if (trailing) sendClip(send, emittedTo, total);
		},
	};
}

function rawDataToBuffer(data: RawData): Buffer {
	if (Buffer.isBuffer(data)) return data;
	if (Array.isArray(data)) return Buffer.concat(data);
	return Buffer.from(data as ArrayBuffer);
}

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

function handleConnection(ws: WebSocket, req: http.IncomingMessage, url: URL, model: string, state: EmulatorState): void {
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
