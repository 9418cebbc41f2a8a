/**
 * Everything the node ASSUMES about the Modulate Platform API, in one place.
 *
 * The Platform API is early access and has no published schema (docs/api-notes.md §5). What is
 * known: `POST /api_service` with the `accountuuid` + `apikey` headers, `submission_type:
 * "realtime_websocket"`, the single-file body fields `audio_base64`, `file_extension` (mp3|wav|opus), `filename`, `flags`,
 * multi-file jobs that share a `job_id` with `finalize_job: true` on the last file, submit answering
 * `{job_id, status: "processing", …}`, and `GET /api_service/job_status/{job_id}` polled until
 * `status` is `completed`. Everything else below is an assumption; when Modulate's schema says
 * otherwise, change it here and nowhere else. The completed result is passed through untouched.
 */
import type { IDataObject } from 'n8n-workflow';

/** Paths under the credential's Base URL. */
export const SUBMIT_PATH = '/api_service';
/** Only called with plain-token ids (`isPlainJobId`); encoded all the same. */
export function statusPath(jobId: string): string {
	return `/api_service/job_status/${encodeURIComponent(jobId)}`;
}

/**
 * Job ids are assumed to be plain tokens: letters, digits, `-` and `_` (the Platform hands out UUIDs).
 * Anything else is refused before it reaches a URL: `..` would be sent as `GET /api_service/` (URLs drop dot
 * segments, and percent-encoding leaves dots alone), `a/b` or `a?b` would address something else.
 */
const PLAIN_JOB_ID = /^[A-Za-z0-9_-]{1,128}$/;
export const JOB_ID_RULE = 'letters, digits, "-" and "_" only, at most 128 characters';

export function isPlainJobId(id: string): boolean {
	return PLAIN_JOB_ID.test(id);
}

/**
 * A submit answer may be created-but-lost only when the Platform did not refuse the upload outright.
 * Assumed: a 429 (concurrent limit) or a 503 (unavailable) means the Platform did not take the upload, so
 * it can be sent again without creating a second job. Any other failure after the upload left (connection
 * dropped or timed out, a cut-off answer, 500, 502, 504) may come after the job was created.
 */
export const SUBMIT_REFUSED_STATUSES = ['429', '503'];

/** `submission_type` values. Only `realtime_websocket` is documented; the batch ones are assumed. */
export const SUBMISSION_TYPE = {
	singleFile: 'single_file_batch',
	multiFile: 'multi_file_batch',
	realtime: 'realtime_websocket',
} as const;

/** Request body field names (the first four are from the v1.0 docs page; the rest are assumed). */
export const FIELD = {
	submissionType: 'submission_type',
	audio: 'audio_base64',
	extension: 'file_extension',
	fileName: 'filename',
	flags: 'flags',
	/** Multi-file: the job every later file joins. Assumed: the first file's answer carries it. */
	jobId: 'job_id',
	/** Multi-file: true on the last file only. */
	finalize: 'finalize_job',
} as const;

/** Audio formats and size the Platform takes per file (docs/api-notes.md §5: mp3|wav|opus, 5 MB). */
export const PLATFORM_EXTENSIONS = ['mp3', 'wav', 'opus'];
export const PLATFORM_MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Friendly feature option → `flags` key. `emotion_annotation` and `demographics` are from the docs;
 * the other two are assumed from the feature names (deepfake detection, behavioral insights).
 * Sent as an object of booleans, only the ones switched on.
 */
export const FEATURE_FLAGS: Record<string, string> = {
	emotion: 'emotion_annotation',
	demographics: 'demographics',
	deepfakeDetection: 'deepfake_detection',
	behavioralInsights: 'behavioral_insights',
};

/** Job `status` values. `processing`/`completed` are documented; the failure names are assumed. */
export const STATUS_COMPLETED = ['completed'];
export const STATUS_FAILED = ['failed', 'error', 'cancelled', 'canceled'];

export type JobState = 'completed' | 'failed' | 'running';

export function flagsFrom(features: IDataObject): IDataObject | undefined {
	const flags: IDataObject = {};
	for (const [option, flag] of Object.entries(FEATURE_FLAGS)) {
		if (features[option] === true) flags[flag] = true;
	}
	return Object.keys(flags).length ? flags : undefined;
}

export interface FilePayload {
	base64: string;
	extension: string;
	fileName: string;
}

export function singleFileBody(file: FilePayload, flags?: IDataObject): IDataObject {
	const body: IDataObject = {
		[FIELD.submissionType]: SUBMISSION_TYPE.singleFile,
		[FIELD.audio]: file.base64,
		[FIELD.extension]: file.extension,
		[FIELD.fileName]: file.fileName,
	};
	if (flags) body[FIELD.flags] = flags;
	return body;
}

/** One file of a multi-file job: no job id on the first file, `finalize_job: true` on the last. */
export function multiFileBody(
	file: FilePayload,
	job: { jobId?: string; finalize: boolean },
	flags?: IDataObject,
): IDataObject {
	const body: IDataObject = {
		[FIELD.submissionType]: SUBMISSION_TYPE.multiFile,
		[FIELD.audio]: file.base64,
		[FIELD.extension]: file.extension,
		[FIELD.fileName]: file.fileName,
		[FIELD.finalize]: job.finalize,
	};
	if (job.jobId) body[FIELD.jobId] = job.jobId;
	if (flags) body[FIELD.flags] = flags;
	return body;
}

export function realtimeBody(flags?: IDataObject): IDataObject {
	const body: IDataObject = { [FIELD.submissionType]: SUBMISSION_TYPE.realtime };
	if (flags) body[FIELD.flags] = flags;
	return body;
}

function asObject(body: unknown): IDataObject {
	return body && typeof body === 'object' && !Array.isArray(body) ? (body as IDataObject) : {};
}

/** The job id in a submit answer: `job_id` (documented), or `jobId` / `id` as fallbacks. */
export function readJobId(body: unknown): string | undefined {
	const id = rawJobId(body);
	return typeof id === 'string' && id !== '' ? id : typeof id === 'number' ? String(id) : undefined;
}

function rawJobId(body: unknown): unknown {
	const b = asObject(body);
	return b.job_id ?? b.jobId ?? b.id;
}

export function readStatus(body: unknown): string | undefined {
	const status = asObject(body).status;
	return typeof status === 'string' ? status : undefined;
}

/** How long the Platform expects a job to take, in ms: a range (a single value is a range of one point). */
export interface ProcessingEstimate {
	minMs: number;
	maxMs: number;
}

const ESTIMATE_UNITS: Array<[RegExp, number]> = [
	[/^(ms|milliseconds?)$/, 1],
	[/^(s|secs?|seconds?)$/, 1000],
	[/^(m|mins?|minutes?)$/, 60_000],
	[/^(h|hrs?|hours?)$/, 3_600_000],
];
const ESTIMATE_TEXT = /^(?:about|around|approx(?:imately|\.)?|roughly|~)?\s*(\d+(?:\.\d+)?)\s*(?:(?:-|–|—|to)\s*(\d+(?:\.\d+)?))?\s*([a-z]*)\.?$/;

/**
 * The submit answer's `estimated_processing_time`. Assumed (Modulate's docs show only an example,
 * `"30-60 seconds"`): a human string of a number or a range and a unit ("3-5 seconds", "2 minutes",
 * "about 1 minute", "90s"), or a plain number of seconds. Any other text means no estimate, and the
 * wait falls back to the Polling options alone.
 */
export function readProcessingEstimate(body: unknown): ProcessingEstimate | undefined {
	const raw = asObject(body).estimated_processing_time;
	if (typeof raw === 'number') return Number.isFinite(raw) && raw > 0 ? { minMs: raw * 1000, maxMs: raw * 1000 } : undefined;
	if (typeof raw !== 'string') return undefined;
	const match = ESTIMATE_TEXT.exec(raw.trim().toLowerCase());
	if (!match) return undefined;
	const unit = match[3] === '' ? 1000 : ESTIMATE_UNITS.find(([pattern]) => pattern.test(match[3]))?.[1];
	if (unit === undefined) return undefined;
	const low = Number(match[1]) * unit;
	const high = match[2] === undefined ? low : Number(match[2]) * unit;
	if (!(low > 0) || !(high >= low)) return undefined;
	return { minMs: low, maxMs: high };
}

/** Unknown status values count as still running (the wait's timeout bounds them). */
export function jobState(body: unknown): JobState {
	const status = (readStatus(body) ?? '').toLowerCase();
	if (STATUS_COMPLETED.includes(status)) return 'completed';
	if (STATUS_FAILED.includes(status)) return 'failed';
	return 'running';
}

/** Where a failed job's reason sits. Assumed: `error` (string or `{message}`), else the others. */
export function readFailureReason(body: unknown): string | undefined {
	const b = asObject(body);
	for (const key of ['error', 'failure_reason', 'reason', 'detail', 'message']) {
		const value = b[key];
		if (typeof value === 'string' && value.trim()) return value.trim();
		if (value && typeof value === 'object') {
			const nested = (value as IDataObject).message ?? (value as IDataObject).detail;
			if (typeof nested === 'string' && nested.trim()) return nested.trim();
			return JSON.stringify(value).slice(0, 500);
		}
	}
	return undefined;
}

/** The realtime session's WebSocket URL (documented name). */
export function readRealtimeUrl(body: unknown): string | undefined {
	const url = asObject(body).realtime_url;
	return typeof url === 'string' ? url : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// What each answer must hold. One check per answer shape; each returns what is wrong (undefined: nothing).
// The checks read only what the node relies on; everything else is passed through untouched.

/** The shapes of 2xx answers the node reads. */
export type AnswerShape = 'submit' | 'realtime' | 'status';

/** Short, human description of a JSON value, for messages: `an array`, `a number (3)`, `text ("x")`. */
export function describeValue(value: unknown): string {
	if (value === undefined) return 'nothing (undefined)';
	if (value === null) return 'null';
	if (Array.isArray(value)) return `an array (${clip(JSON.stringify(value))})`;
	if (typeof value === 'object') return `an object (${clip(JSON.stringify(value))})`;
	if (typeof value === 'string') return value === '' ? 'empty text' : `text (${clip(JSON.stringify(value))})`;
	if (typeof value === 'number') return `a number (${value})`;
	if (typeof value === 'boolean') return `a boolean (${value})`;
	return `a ${typeof value}`;
}

function clip(text: string, max = 80): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

function checkJobIdField(body: IDataObject): string | undefined {
	const id = rawJobId(body);
	if (id === undefined || id === null || id === '') return 'it has no job_id';
	if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return undefined;
	if (typeof id !== 'string') return `its job_id is ${describeValue(id)}, not text`;
	if (!isPlainJobId(id)) return `its job_id ${JSON.stringify(clip(id))} is not a plain token (${JOB_ID_RULE})`;
	return undefined;
}

/** What is wrong with a parsed 2xx answer of the given shape; `jobId`: the job a status call asked about. */
export function answerProblem(shape: AnswerShape, body: unknown, jobId?: string): string | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return `it is ${describeValue(body)}, not a JSON object`;
	const b = body as IDataObject;
	if (shape === 'submit') return checkJobIdField(b);
	if (shape === 'realtime') {
		const idProblem = checkJobIdField(b);
		if (idProblem) return idProblem;
		const url = b.realtime_url;
		if (url === undefined || url === null || url === '') return 'it has no realtime_url';
		if (typeof url !== 'string' || !/^(wss?|https?):\/\/\S+$/i.test(url)) return `its realtime_url is ${describeValue(url)}, not a URL`;
		return undefined;
	}
	const status = b.status;
	if (status === undefined || status === null || status === '') return 'it has no status';
	if (typeof status !== 'string') return `its status is ${describeValue(status)}, not text`;
	const answeredFor = b.job_id;
	if (jobId !== undefined && (typeof answeredFor === 'string' || typeof answeredFor === 'number') && String(answeredFor) !== jobId) {
		return `it is about job ${clip(String(answeredFor))}, not job ${jobId}`;
	}
	return undefined;
}
