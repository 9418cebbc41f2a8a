/**
 * The Models API batch surface (`/api/velma-2-*-batch…`, header `X-API-Key`): one table of endpoints
 * from the OpenAPI specs, and one pipeline that answers each request in the order the real service
 * does: fault injection, auth, model access, credits, concurrency, validation, processing, answer.
 */
import { analyzeAudio, type AudioInfo, sha256 } from './audio';
import {
	aiMusicDetection,
	type BatchAnalysisConfig,
	batchAnalysis,
	labelBatch,
	languageDetection,
	listPresets,
	musicDetection,
	PRESETS,
	redactionAnswer,
	type SttOptions,
	sttBatch,
	sttFast,
	syntheticVoice,
	type TextStyles,
} from './batch';
import { applyHttpFault } from './exchange';
import type { Clock, Exchange } from './exchange';
import { type FilePart, parseMultipart } from './multipart';
import type { CustomTerm } from './scripts';
import { transcriptFor } from './scripts';
import type { EmulatorState } from './state';

/** 100 MB upload limit (taken as MiB). */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
/** Body bytes kept in memory: the limit plus room for the multipart framing and text fields. */
const BODY_CAP = MAX_UPLOAD_BYTES + 1024 * 1024;

export const DETAIL = {
	invalidKey: 'Invalid API key.',
	notPermitted: 'This request is not permitted.',
	credits: 'Insufficient credits.',
	concurrent429: 'Concurrent request limit reached for this model. Please retry shortly.',
	concurrent403: 'Concurrent request limit exceeded for this model.',
	empty: 'The uploaded file is empty.',
	tooLarge: 'File too large. Maximum size is 100MB.',
	invalidConfig: 'Invalid configuration.',
	invalidRequest: 'Invalid request.',
	tooShort: 'The audio is too short to analyze.',
	unprocessable: 'The audio could not be processed. It may be corrupted or in an unsupported format.',
	status500: 'Internal server error',
	status502: 'Unable to validate request. Please try again.',
	status503: 'The service is temporarily unavailable. Please try again later.',
	status504: 'The request timed out. Please try again.',
} as const;

const STANDARD_FORMATS = ['.aac', '.aiff', '.flac', '.mov', '.mp3', '.mp4', '.ogg', '.opus', '.wav', '.webm'];
const SYNTHETIC_FORMATS = ['.3gp', '.3gpp', '.aac', '.aiff', '.amr', '.au', '.flac', '.m4a', '.mov', '.mp3', '.mp4', '.ogg', '.opus', '.wav', '.webm', '.wma'];
const MUSIC_FORMATS = ['.aac', '.flac', '.m4a', '.mp3', '.mp4', '.ogg', '.opus', '.wav'];

export function unsupportedFormatDetail(formats: string[]): string {
	return `Unsupported file format. Supported formats: ${formats.join(', ')}.`;
}

const LANGUAGE_PATTERN = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]+)*$/;
const ISO_639_1 = new Set(
	(
		'aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu ' +
		'fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ' +
		'ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os ' +
		'pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ' +
		'ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'
	).split(' '),
);

/** A language hint is valid when it matches the spec's pattern and its primary subtag is a known code. */
export function validLanguage(v: string): boolean {
	if (!LANGUAGE_PATTERN.test(v)) return false;
	const primary = v.split(/[-_]/)[0].toLowerCase();
	return primary.length === 3 || ISO_639_1.has(primary);
}

export function invalidLanguageDetail(v: string): string {
	return `Invalid language='${v}'. Expected an ISO 639-1 language code (e.g. 'en', 'fr').`;
}

/** An answer that ends the pipeline. */
class Refusal {
	constructor(
		readonly status: number,
		readonly body: unknown,
	) {}
}
const refuse = (status: number, detail: unknown) => new Refusal(status, { detail });

// ---------------------------------------------------------------------------------------------
// Form values

/** pydantic's lax booleans, as FastAPI reads form fields. */
function formBool(form: Record<string, string>, name: string, dflt: boolean): boolean {
	const v = form[name];
	if (v === undefined) return dflt;
	const s = v.trim().toLowerCase();
	if (['true', '1', 'yes', 'on', 't', 'y'].includes(s)) return true;
	if (['false', '0', 'no', 'off', 'f', 'n'].includes(s)) return false;
	throw refuse(400, DETAIL.invalidRequest);
}

function formInt(form: Record<string, string>, name: string, dflt: number): number {
	const v = form[name];
	if (v === undefined) return dflt;
	if (!/^\s*\d+\s*$/.test(v)) throw refuse(400, DETAIL.invalidRequest); // also refuses negatives (minimum 0)
	return Number(v);
}

function formLanguage(form: Record<string, string>): string | null {
	const v = form.language;
	if (v === undefined || v === '') return null;
	if (!validLanguage(v)) throw refuse(400, invalidLanguageDetail(v));
	return v;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Validate `custom_terms` (STTConfig.custom_terms); blank entries dropped. Throws on a bad shape. */
function parseCustomTerms(v: unknown, bad: () => Refusal): CustomTerm[] {
	if (v === undefined || v === null) return [];
	if (!Array.isArray(v) || v.length > 1000) throw bad();
	const terms: CustomTerm[] = [];
	for (const item of v) {
		if (typeof item === 'string') {
			if (item.trim()) terms.push({ term: item });
			continue;
		}
		if (!isObj(item) || typeof item.term !== 'string' || item.term.length < 1) throw bad();
		if (item.definition !== undefined && (typeof item.definition !== 'string' || item.definition.length > 256)) throw bad();
		let pronunciations: string[] | undefined;
		if (item.pronunciations !== undefined) {
			const p = item.pronunciations;
			if (!Array.isArray(p) || p.length > 16) throw bad();
			for (const x of p) if (typeof x !== 'string' || x.length > 128 || !PRINTABLE_ASCII.test(x)) throw bad();
			pronunciations = (p as string[]).filter((x) => x.trim());
		}
		if (!item.term.trim()) continue;
		terms.push({ term: item.term, definition: item.definition as string | undefined, pronunciations });
	}
	if (JSON.stringify(terms.map((t) => t.term)).length >= 8000) throw bad();
	return terms;
}

const STT_FLAGS = ['speaker_diarization', 'emotion_signal', 'accent_signal', 'deepfake_signal', 'pii_phi_tagging'] as const;

/** STTConfig (or STTOptions): fields present override `base`; throws `bad()` on a wrong shape. */
function applySttConfig(base: SttOptions, cfg: Record<string, unknown>, bad: () => Refusal): SttOptions {
	const out = { ...base };
	for (const flag of STT_FLAGS) {
		const v = cfg[flag];
		if (v === undefined || v === null) continue;
		if (typeof v !== 'boolean') throw bad();
		out[flag] = v;
	}
	if ('language' in cfg) {
		const v = cfg.language;
		if (v !== null && (typeof v !== 'string' || !validLanguage(v))) throw bad();
		out.language = v as string | null;
	}
	if ('custom_terms' in cfg) out.custom_terms = parseCustomTerms(cfg.custom_terms, bad);
	return out;
}

function parseJsonObject(text: string, bad: () => Refusal): Record<string, unknown> {
	let v: unknown;
	try {
		v = JSON.parse(text);
	} catch {
		throw bad();
	}
	if (!isObj(v)) throw bad();
	return v;
}

// ---------------------------------------------------------------------------------------------
// Endpoints

interface RequestContext {
	form: Record<string, string>;
	file: FilePart;
	info: AudioInfo;
	styles: TextStyles;
	/** ms since the request arrived (for `latency_ms`). */
	elapsed: () => number;
}

type Answer = { status: number; json: unknown } | { status: number; body: Buffer; contentType: string };

interface ModelEndpoint {
	model: string;
	formats: string[];
	/** Synthetic-voice style: 403 for bad keys and for the concurrent limit. */
	synthetic?: boolean;
	/** How a missing X-API-Key is answered. */
	missingKey: 'lower' | 'upper' | 'invalid-request' | 'unauthorized';
	/** Check the text fields before processing; throws a Refusal. Returns the parsed options. */
	options?: (form: Record<string, string>) => unknown;
	minDurationMs?: number;
	respond: (ctx: RequestContext, options: unknown) => Answer;
}

function sttOptions(form: Record<string, string>): SttOptions {
	const base: SttOptions = {
		speaker_diarization: formBool(form, 'speaker_diarization', true),
		emotion_signal: formBool(form, 'emotion_signal', false),
		accent_signal: formBool(form, 'accent_signal', false),
		deepfake_signal: formBool(form, 'deepfake_signal', false),
		pii_phi_tagging: formBool(form, 'pii_phi_tagging', false),
		language: formLanguage(form),
		custom_terms: [],
	};
	if (form.config === undefined || form.config === '') return base;
	const bad = () => refuse(400, DETAIL.invalidConfig);
	return applySttConfig(base, parseJsonObject(form.config, bad), bad);
}

const DEFAULT_STT: SttOptions = {
	speaker_diarization: true,
	emotion_signal: false,
	accent_signal: false,
	deepfake_signal: false,
	pii_phi_tagging: false,
	language: null,
	custom_terms: [],
};

function batchConfig(form: Record<string, string>): BatchAnalysisConfig {
	const base: BatchAnalysisConfig = { stt: { ...DEFAULT_STT }, produce_topics: true, produce_topic_sentiments: true, produce_summary: true };
	const raw = form.config;
	if (raw === undefined || raw.trim() === '' || raw.trim() === 'default') return base;
	const bad = () => refuse(422, DETAIL.invalidConfig);
	const cfg = parseJsonObject(raw, bad);
	const defs = (v: unknown, uuidKey: string, nullable: boolean) => {
		if (v === null && nullable) return;
		if (!isObj(v)) throw bad();
		for (const k of [uuidKey, 'name', 'short_description', 'detailed_description']) if (typeof v[k] !== 'string') throw bad();
		if ((v.name as string).length < 1) throw bad();
	};
	for (const [key, uuidKey] of [
		['conversation_types', 'conversation_type_uuid'],
		['participant_roles', 'participant_role_uuid'],
	] as const) {
		if (cfg[key] === undefined) continue;
		if (!Array.isArray(cfg[key])) throw bad();
		for (const d of cfg[key] as unknown[]) defs(d, uuidKey, false);
		(base as unknown as Record<string, unknown>)[key] = cfg[key];
	}
	if (cfg.behaviors !== undefined) {
		if (!Array.isArray(cfg.behaviors)) throw bad();
		for (const b of cfg.behaviors) {
			if (typeof b === 'string') {
				if (!PRESETS.some((p) => `preset:${p.identifier}` === b)) throw bad(); // invalid preset reference
			} else defs(b, 'behavior_uuid', false);
		}
		base.behaviors = cfg.behaviors as BatchAnalysisConfig['behaviors'];
	}
	for (const key of ['default_conversation_type', 'default_participant_role'] as const) {
		if (!(key in cfg)) continue;
		defs(cfg[key], key === 'default_conversation_type' ? 'conversation_type_uuid' : 'participant_role_uuid', true);
		base[key] = cfg[key] as Record<string, unknown> | null;
	}
	for (const key of ['produce_topics', 'produce_topic_sentiments', 'produce_summary'] as const) {
		if (cfg[key] === undefined) continue;
		if (typeof cfg[key] !== 'boolean') throw bad();
		base[key] = cfg[key] as boolean;
	}
	if (cfg.stt !== undefined) {
		if (!isObj(cfg.stt)) throw bad();
		base.stt = applySttConfig(base.stt, cfg.stt, bad);
	}
	return base;
}

const json = (body: unknown): Answer => ({ status: 200, json: body });

export const MODEL_ENDPOINTS: ModelEndpoint[] = [
	{
		model: 'velma-2-stt-batch',
		formats: STANDARD_FORMATS,
		missingKey: 'lower',
		options: sttOptions,
		respond: (c, o) => json(sttBatch(transcriptFor(c.info), o as SttOptions, c.styles)),
	},
	{
		model: 'velma-2-stt-batch-english-vfast',
		formats: STANDARD_FORMATS,
		missingKey: 'lower',
		respond: (c) => json(sttFast(transcriptFor(c.info))),
	},
	{
		model: 'velma-2-stt-batch-multilingual-vfast',
		formats: STANDARD_FORMATS,
		missingKey: 'unauthorized',
		options: (form) => formLanguage(form),
		respond: (c) => json(sttFast(transcriptFor(c.info))),
	},
	{
		model: 'velma-2-synthetic-voice-detection-batch',
		formats: SYNTHETIC_FORMATS,
		synthetic: true,
		missingKey: 'lower',
		minDurationMs: 500,
		respond: (c) => json(syntheticVoice(transcriptFor(c.info), c.file.fileName)),
	},
	{
		model: 'velma-2-pii-phi-redaction-batch',
		formats: STANDARD_FORMATS,
		missingKey: 'upper',
		options: (form) => ({
			speaker_diarization: formBool(form, 'speaker_diarization', true),
			start_redaction_padding_ms: formInt(form, 'start_redaction_padding_ms', 100),
			end_redaction_padding_ms: formInt(form, 'end_redaction_padding_ms', 0),
			language: formLanguage(form),
		}),
		respond: (c, o) => {
			const r = redactionAnswer(transcriptFor(c.info), c.info, o as Parameters<typeof redactionAnswer>[2], c.styles);
			return { status: 200, body: r.body, contentType: r.contentType };
		},
	},
	{
		model: 'velma-2-emotion-batch',
		formats: STANDARD_FORMATS,
		missingKey: 'lower',
		options: (form) => [formBool(form, 'training_permitted', true), formBool(form, 'use_ensemble', false)],
		respond: (c) => json(labelBatch(transcriptFor(c.info), 'emotion')),
	},
	{
		model: 'velma-2-accent-batch',
		formats: STANDARD_FORMATS,
		missingKey: 'lower',
		options: (form) => [formBool(form, 'training_permitted', true), formBool(form, 'use_ensemble', false)],
		respond: (c) => json(labelBatch(transcriptFor(c.info), 'accent')),
	},
	{
		model: 'velma-2-language-detection-batch',
		formats: STANDARD_FORMATS,
		missingKey: 'lower',
		respond: (c) => json(languageDetection(transcriptFor(c.info))),
	},
	{
		model: 'velma-2-music-detection-batch',
		formats: MUSIC_FORMATS,
		missingKey: 'lower',
		respond: (c) => json(musicDetection(transcriptFor(c.info), c.file.fileName, c.elapsed())),
	},
	{
		model: 'velma-2-ai-music-detection-batch',
		formats: MUSIC_FORMATS,
		missingKey: 'invalid-request',
		respond: (c) => json(aiMusicDetection(transcriptFor(c.info), c.file.fileName, c.elapsed())),
	},
	{
		model: 'velma-2-batch',
		formats: STANDARD_FORMATS,
		missingKey: 'lower',
		options: batchConfig,
		respond: (c, o) => json(batchAnalysis(transcriptFor(c.info), o as BatchAnalysisConfig, c.styles)),
	},
];

const LIST_PRESETS_PATH = '/api/velma-2-batch/list-presets';

// ---------------------------------------------------------------------------------------------
// Pipeline

function missingKeyRefusal(style: ModelEndpoint['missingKey'], state: EmulatorState): Refusal {
	switch (style) {
		case 'unauthorized':
			return refuse(state.config.badKeyHttpStatus, DETAIL.invalidKey);
		case 'invalid-request':
			return refuse(422, DETAIL.invalidRequest);
		default:
			return refuse(422, [{ loc: ['header', style === 'upper' ? 'X-API-Key' : 'x-api-key'], msg: 'Field required', type: 'missing' }]);
	}
}

function sendRefusal(ex: Exchange, r: Refusal): void {
	ex.json(r.status, r.body);
}

function applyFault(ex: Exchange, state: EmulatorState, clock: Clock, synthetic: boolean): Promise<boolean> {
	return applyHttpFault(ex, state, clock, {
		serverDetail: DETAIL,
		concurrent: synthetic ? { status: 403, detail: DETAIL.concurrent403 } : { status: 429, detail: DETAIL.concurrent429 },
	});
}

/** Answer a Models API request; false when the path is not a Models API path. */
export async function handleModels(ex: Exchange, state: EmulatorState, clock: Clock): Promise<boolean> {
	const path = ex.path;
	if (path === LIST_PRESETS_PATH) {
		if (ex.req.method !== 'GET') {
			await ex.readBody(0);
			ex.json(405, { detail: 'Method Not Allowed' });
			return true;
		}
		await ex.readBody(0);
		ex.arrived();
		await listPresetsFlow(ex, state, clock);
		return true;
	}
	const m = /^\/api\/([a-z0-9-]+)$/.exec(path);
	const endpoint = m ? MODEL_ENDPOINTS.find((e) => e.model === m[1]) : undefined;
	if (!endpoint) return false;
	if (ex.req.method !== 'POST') {
		await ex.readBody(0);
		ex.json(405, { detail: 'Method Not Allowed' });
		return true;
	}
	const read = await ex.readBody(BODY_CAP);
	if (!read) return true; // the client left mid-upload; logged with status 0
	const form = parseMultipart(read.body, ex.header('content-type'), read.dropped);
	ex.fields = { ...form.fields };
	for (const [k, vs] of Object.entries(form.repeated)) if (vs.length > 1) ex.fields[k] = vs;
	ex.files = form.files.map((f) => ({
		field: f.field,
		fileName: f.fileName,
		contentType: f.contentType,
		size: f.data.length + f.droppedBytes,
		sha256: f.droppedBytes ? '' : sha256(f.data),
	}));
	ex.arrived();
	await batchFlow(ex, state, clock, endpoint, form.files, form.fields);
	return true;
}

function credential(ex: Exchange, state: EmulatorState, endpoint: Pick<ModelEndpoint, 'synthetic' | 'missingKey'>) {
	const key = ex.header('x-api-key');
	if (key === undefined) throw missingKeyRefusal(endpoint.missingKey, state);
	const cfg = Object.prototype.hasOwnProperty.call(state.config.modelsKeys, key) ? state.config.modelsKeys[key] : undefined;
	if (!cfg) throw refuse(endpoint.synthetic ? 403 : state.config.badKeyHttpStatus, DETAIL.invalidKey);
	return { key, cfg };
}

async function listPresetsFlow(ex: Exchange, state: EmulatorState, clock: Clock): Promise<void> {
	if (await applyFault(ex, state, clock, false)) return;
	try {
		const { cfg } = credential(ex, state, { missingKey: 'lower' });
		if (cfg.disabledModels?.includes('velma-2-batch')) throw refuse(403, DETAIL.notPermitted);
		if (cfg.quotaExhausted) throw refuse(429, DETAIL.credits);
	} catch (e) {
		if (e instanceof Refusal) return sendRefusal(ex, e);
		throw e;
	}
	const ms = state.config.processingMs?.['velma-2-batch/list-presets'] ?? state.config.faults.latencyMs ?? 0;
	if (!(await clock.delay(ms, ex.gone.signal)) && ms > 0) return;
	ex.json(200, listPresets());
}

async function batchFlow(
	ex: Exchange,
	state: EmulatorState,
	clock: Clock,
	endpoint: ModelEndpoint,
	files: FilePart[],
	form: Record<string, string>,
): Promise<void> {
	// 1. fault injection
	if (await applyFault(ex, state, clock, !!endpoint.synthetic)) return;
	let slot: string | undefined;
	try {
		// 2-4. auth, model access, credits
		const { key, cfg } = credential(ex, state, endpoint);
		if (cfg.disabledModels?.includes(endpoint.model)) throw refuse(403, DETAIL.notPermitted);
		if (cfg.quotaExhausted) throw refuse(429, DETAIL.credits);
		// 5. concurrency: over the limit fails at once
		if (!state.acquire(key, endpoint.model, cfg.concurrency)) {
			throw endpoint.synthetic ? refuse(403, DETAIL.concurrent403) : refuse(429, DETAIL.concurrent429);
		}
		slot = key;
		// 6. validation
		const file = files.find((f) => f.field === 'upload_file');
		if (!file) {
			const asText = form.upload_file !== undefined;
			throw refuse(422, [
				asText
					? { loc: ['body', 'upload_file'], msg: "Expected UploadFile, received: <class 'str'>", type: 'value_error' }
					: { loc: ['body', 'upload_file'], msg: 'Field required', type: 'missing' },
			]);
		}
		const dot = file.fileName.lastIndexOf('.');
		const ext = dot >= 0 ? file.fileName.slice(dot).toLowerCase() : '';
		if (!endpoint.formats.includes(ext)) throw refuse(400, unsupportedFormatDetail(endpoint.formats));
		const size = file.data.length + file.droppedBytes;
		if (size === 0) throw refuse(400, DETAIL.empty);
		if (size > MAX_UPLOAD_BYTES) throw refuse(413, DETAIL.tooLarge);
		const options = endpoint.options ? endpoint.options(form) : undefined;
		const info = analyzeAudio(file.data, ex.files.find((f) => f.field === 'upload_file')?.sha256 || undefined);
		if (state.config.strictAudio && !contentMatches(ext, info)) throw refuse(400, DETAIL.unprocessable);
		if (endpoint.minDurationMs !== undefined && info.durationMs < endpoint.minDurationMs) throw refuse(422, DETAIL.tooShort);
		// 6b. the gate (tests): wait until enough requests are in flight together
		const gated = state.enterGate();
		if (gated) {
			const timeout = new AbortController();
			const opened = await Promise.race([
				gated.opened.then(() => true),
				clock.delay(state.config.gate?.timeoutMs ?? 60_000, AbortSignal.any([ex.gone.signal, timeout.signal])).then(() => false),
			]);
			timeout.abort();
			if (!opened) {
				gated.leave();
				if (ex.gone.signal.aborted) return;
				state.gateTimeouts++;
				throw refuse(504, DETAIL.status504);
			}
		}
		// 7. processing time, then the answer
		const ms = state.config.processingMs?.[endpoint.model] ?? state.config.faults.latencyMs ?? 0;
		if (!(await clock.delay(ms, ex.gone.signal)) && ms > 0) return;
		const answer = endpoint.respond(
			{
				form,
				file,
				info,
				styles: { fieldStyle: state.config.disabledFieldStyle ?? 'null', tagStyle: state.config.piiTagStyle ?? 'xml' },
				elapsed: () => Date.now() - ex.startedAt,
			},
			options,
		);
		if ('json' in answer) ex.json(answer.status, answer.json);
		else ex.send(answer.status, answer.contentType, answer.body);
	} catch (e) {
		if (e instanceof Refusal) return sendRefusal(ex, e);
		throw e;
	} finally {
		if (slot !== undefined) state.release(slot, endpoint.model);
	}
}

/** strictAudio: does the content look like what the extension says? */
function contentMatches(ext: string, info: AudioInfo): boolean {
	if (ext === '.wav') return info.container === 'wav' && info.durationSource === 'header';
	if (ext === '.mp3') return info.container === 'mp3';
	if (ext === '.flac') return info.container === 'flac';
	if (ext === '.ogg' || ext === '.opus') return info.container === 'ogg';
	return true;
}
