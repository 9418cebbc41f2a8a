/**
 * What each Models API endpoint's 2xx answer must hold, from its OpenAPI spec (the `required` lists of the
 * 200 response schemas), and the one reader that checks an answer against it. A broken answer (a proxy's
 * "OK", `{}`, a body cut mid-way) is then an error that names what is missing, instead of an item that
 * carries it on (docs/errors.md, "invalidAnswer").
 *
 * Fields Modulate's doc versions disagree on are not required here: the STT enrichment fields (`emotion`,
 * `accent`, `deepfake_score`) and `speaker` come back as null or are left out (docs/api-notes.md §6).
 */
import type { IDataObject } from 'n8n-workflow';
import type { AnswerReader } from '../../shared/transport/request';
import { parseMultipart } from './multipart';

type FieldType = 'string' | 'number' | 'array' | 'object' | 'boolean' | 'any';

export interface AnswerShape {
	/** Top-level required fields and their JSON types. */
	fields: Record<string, FieldType>;
	/** For array fields: the keys each element must have (present; null allowed). */
	elements?: Record<string, string[]>;
}

const STT_UTTERANCE = ['utterance_uuid', 'text', 'start_ms', 'duration_ms'];
const TRANSCRIPT: AnswerShape = { fields: { text: 'string', duration_ms: 'number' } };
const LABEL = (label: string): AnswerShape => ({
	fields: { [label]: 'string', time_series: 'array' },
	elements: { time_series: ['start_ms', 'duration_ms', label] },
});

/** By model path segment (the list-presets path under its own key). */
export const ANSWER_SHAPES: Record<string, AnswerShape> = {
	'velma-2-stt-batch': {
		fields: { text: 'string', duration_ms: 'number', utterances: 'array' },
		elements: { utterances: STT_UTTERANCE },
	},
	'velma-2-stt-batch-english-vfast': TRANSCRIPT,
	'velma-2-stt-batch-multilingual-vfast': TRANSCRIPT,
	'velma-2-synthetic-voice-detection-batch': {
		fields: { filename: 'any', frames: 'array', duration_ms: 'number' },
		elements: { frames: ['start_time_ms', 'end_time_ms', 'verdict', 'confidence'] },
	},
	'velma-2-pii-phi-redaction-batch': {
		fields: { text: 'string', duration_ms: 'number', utterances: 'array', redaction_ranges: 'array' },
		elements: { utterances: STT_UTTERANCE },
	},
	'velma-2-emotion-batch': LABEL('emotion'),
	'velma-2-accent-batch': LABEL('accent'),
	'velma-2-language-detection-batch': {
		fields: { predicted_language: 'string', predicted_language_code: 'string', confidence: 'number', duration_ms: 'number' },
	},
	'velma-2-music-detection-batch': {
		fields: {
			filename: 'any',
			duration_s: 'number',
			primary_label: 'string',
			music_pct: 'number',
			speech_pct: 'number',
			latency_ms: 'number',
			frames: 'array',
		},
		elements: { frames: ['start_time_ms', 'end_time_ms', 'music_prob', 'speech_prob'] },
	},
	'velma-2-ai-music-detection-batch': {
		fields: {
			filename: 'any',
			duration_s: 'number',
			primary_verdict: 'string',
			vocal_percentage: 'number',
			vocal_ai_percentage: 'number',
			vocal_ai_confidence: 'number',
			instrumental_percentage: 'number',
			instrumental_ai_percentage: 'number',
			instrumental_ai_confidence: 'number',
			silence_percentage: 'number',
			windows: 'array',
			latency_ms: 'number',
		},
		elements: { windows: ['start_time_ms', 'end_time_ms'] },
	},
	'velma-2-batch': {
		fields: { duration_ms: 'number', clips: 'array', behaviors: 'array' },
		elements: { clips: ['clip_uuid', 'text', 'start_ms', 'duration_ms'], behaviors: ['behavior_name', 'detected'] },
	},
	'velma-2-batch/list-presets': {
		fields: { presets: 'array' },
		elements: { presets: ['identifier', 'name'] },
	},
};

function typeOf(value: unknown): FieldType {
	if (Array.isArray(value)) return 'array';
	if (value === null) return 'any';
	return typeof value as FieldType;
}

/** What is wrong with `body` against `shape`, in a few words, or undefined when nothing is. */
export function answerProblem(body: unknown, shape: AnswerShape): string | undefined {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return `the answer is ${Array.isArray(body) ? 'a list' : typeof body}, not a JSON object`;
	}
	const object = body as IDataObject;
	const missing = Object.keys(shape.fields).filter((field) => object[field] === undefined);
	if (missing.length) {
		const keys = Object.keys(object);
		return `required field${missing.length > 1 ? 's' : ''} ${missing.map((f) => `"${f}"`).join(', ')} missing (the answer has ${keys.length ? keys.map((k) => `"${k}"`).join(', ') : 'no fields'})`;
	}
	for (const [field, type] of Object.entries(shape.fields)) {
		const actual = typeOf(object[field]);
		if (type !== 'any' && actual !== type) return `field "${field}" is ${object[field] === null ? 'null' : actual}, not ${type === 'array' ? 'a list' : `a ${type}`}`;
	}
	for (const [field, keys] of Object.entries(shape.elements ?? {})) {
		const list = object[field] as unknown[];
		for (let i = 0; i < list.length; i++) {
			const element = list[i];
			if (typeof element !== 'object' || element === null || Array.isArray(element)) return `${field}[${i}] is not an object`;
			const absent = keys.filter((key) => (element as IDataObject)[key] === undefined);
			if (absent.length) return `${field}[${i}] has no ${absent.map((k) => `"${k}"`).join(', ')}`;
		}
	}
	return undefined;
}

/** The reader for one endpoint's JSON answer. */
export function answerReaderFor(model: string): AnswerReader {
	const shape = ANSWER_SHAPES[model];
	if (!shape) return () => undefined;
	return (body) => answerProblem(body, shape);
}

export interface RedactionAnswer {
	metadata: IDataObject;
	mp3: Buffer;
}

/**
 * The redaction endpoint's multipart answer: a `metadata` part (JSON, RedactionMetadata) and an `audio` part
 * (the MP3). Either the two parts, or what is wrong with the answer.
 */
export function parseRedactionAnswer(body: unknown, contentType: string): RedactionAnswer | { problem: string } {
	let parts;
	try {
		parts = parseMultipart(Buffer.isBuffer(body) ? body : Buffer.from(String(body ?? '')), contentType);
	} catch (error) {
		return { problem: (error as Error).message };
	}
	const metadataPart = parts.find((p) => p.name === 'metadata') ?? parts.find((p) => /json/i.test(p.contentType ?? ''));
	const audioPart = parts.find((p) => p.name === 'audio') ?? parts.find((p) => /audio|octet/i.test(p.contentType ?? ''));
	if (!metadataPart) return { problem: 'the multipart answer has no "metadata" part' };
	if (!audioPart) return { problem: 'the multipart answer has no "audio" part' };
	if (!audioPart.body.length) return { problem: 'the "audio" part is empty' };
	let metadata: unknown;
	try {
		metadata = JSON.parse(metadataPart.body.toString('utf8'));
	} catch {
		return { problem: 'the "metadata" part is not JSON' };
	}
	const problem = answerProblem(metadata, ANSWER_SHAPES['velma-2-pii-phi-redaction-batch']);
	if (problem) return { problem: `in the "metadata" part, ${problem}` };
	return { metadata: metadata as IDataObject, mp3: audioPart.body };
}

export const redactionAnswerReader: AnswerReader = (body, headers) => {
	const read = parseRedactionAnswer(body, String(headers['content-type'] ?? ''));
	return 'problem' in read ? read.problem : undefined;
};
