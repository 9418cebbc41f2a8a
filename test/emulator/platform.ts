/**
 * Platform API (`/api_service…`) of the emulator: async jobs, written from contract §5 and the
 * assumptions the node keeps in nodes/ModulatePlatform/platformApi.ts (the two must agree).
 *
 * - Auth: both headers `accountuuid` and `apikey` must name one account of `config.platformAccounts`;
 *   a wrong or missing one answers 401 `{"detail": "Invalid account UUID or API key."}`. Auth is checked
 *   before anything else (so an unknown job of a wrong credential is a 401, not a 404).
 * - `POST /api_service` (JSON):
 *   - `submission_type: "realtime_websocket"`: no file; answers `{job_id, status: "processing", realtime_url}`.
 *     The credential test uses this (no audio, so we assume it costs nothing until a client streams).
 *   - `"single_file_batch"`: `audio_base64`, `file_extension` (mp3|wav|opus), optional `filename`, `flags`.
 *   - `"multi_file_batch"`: the same per file; the first file has no `job_id` and its answer carries the
 *     new one; later files send it; `finalize_job: true` on the last. A file for a finalized job: 409.
 *   Answers `{job_id, status: "processing", submission_type, files_received, finalized}`.
 *   Checks: 422 for a missing field or bad JSON (FastAPI style), 400 bad extension / bad base64 / empty /
 *   unknown flag, 413 over 5 MB (decoded), 429 `Insufficient credits.` for `quotaExhausted`.
 * - `GET /api_service/job_status/{job_id}`: 404 `Job not found.` for an unknown job or another account's.
 *   `processing` until the job is finalized and then `config.platformJobMs` (default 3000) have passed, or,
 *   when `config.platformJobPolls` is set, until that many status calls after finalizing have answered
 *   `processing` (the next one completes). Then `completed` with `results` (below), or `failed` with
 *   `error: "<reason>"` when any file's name contains "fail" (case-insensitive): the designated input.
 * - Results are believable: each file's transcript comes from test/emulator/scripts.ts (the sample calls
 *   are recognized by sha256), with emotion, demographics, deepfake and behavioral insights when flagged.
 * - Per-account concurrency (`concurrency`: submit and status calls in flight, via `state.acquire`; over it
 *   429 with a concurrent-limit detail), `faults` (latency, rates, script) and the request log as for the
 *   Models API. The log keeps the JSON body with `audio_base64` replaced by a short description, and the
 *   decoded audio as a file entry (name, size, sha256).
 */
import { randomUUID } from 'node:crypto';
import type * as http from 'node:http';
import { analyzeAudio, sha256 } from './audio';
import { applyHttpFault, Clock, Exchange } from './exchange';
import { emotionOf, hashUnit, transcriptFor } from './scripts';
import type { Transcript } from './scripts';
import type { EmulatorState, PlatformAccountConfig } from './state';

export const PLATFORM_MAX_BYTES = 5 * 1024 * 1024;
export const PLATFORM_EXTENSIONS = ['mp3', 'wav', 'opus'];
export const PLATFORM_FLAGS = ['emotion_annotation', 'demographics', 'deepfake_detection', 'behavioral_insights'];
/** The `state.acquire` model name for Platform calls (one pool per account). */
export const PLATFORM_SLOT = 'api_service';
/** Body bytes kept: 5 MB as base64 plus room for the other fields. */
const BODY_CAP = Math.ceil((PLATFORM_MAX_BYTES * 4) / 3) + 1024 * 1024;

export const PLATFORM_DETAIL = {
	invalidCredentials: 'Invalid account UUID or API key.',
	credits: 'Insufficient credits.',
	concurrent: 'Concurrent request limit reached for this account. Please retry shortly.',
	notFound: 'Job not found.',
	finalized: 'Job already finalized.',
	empty: 'The uploaded file is empty.',
	tooLarge: 'File too large. Maximum size is 5MB.',
	badBase64: 'audio_base64 is not valid base64.',
	status500: 'Internal server error',
	status502: 'Unable to validate request. Please try again.',
	status503: 'The service is temporarily unavailable. Please try again later.',
	status504: 'The request timed out. Please try again.',
} as const;

interface JobFile {
	fileName: string;
	extension: string;
	size: number;
	sha256: string;
	transcript: Transcript;
}

export interface PlatformJob {
	id: string;
	accountUuid: string;
	type: 'single_file_batch' | 'multi_file_batch' | 'realtime_websocket';
	createdAt: number;
	files: JobFile[];
	flags: Record<string, boolean>;
	/** When the last file arrived (single: at submit; multi: at `finalize_job`). */
	finalizedAt?: number;
	/** Status calls answered since finalizing. */
	pollsSinceFinal: number;
	/** Status calls answered in all. */
	polls: number;
	realtimeUrl?: string;
	completedAt?: number;
}

const jobsByState = new WeakMap<EmulatorState, Map<string, PlatformJob>>();
const clock = new Clock();

/** The jobs the emulator knows (by job id), for tests to inspect. */
export function platformJobs(state: EmulatorState): Map<string, PlatformJob> {
	let jobs = jobsByState.get(state);
	if (!jobs) {
		jobs = new Map();
		jobsByState.set(state, jobs);
	}
	return jobs;
}

class Refusal {
	constructor(
		readonly status: number,
		readonly body: unknown,
	) {}
}
const refuse = (status: number, detail: unknown) => new Refusal(status, { detail });
const missingField = (field: string) =>
	refuse(422, [{ loc: ['body', field], msg: 'Field required', type: 'missing' }]);

export async function handlePlatform(req: http.IncomingMessage, res: http.ServerResponse, state: EmulatorState): Promise<boolean> {
	const ex = new Exchange(req, res, state, 'platform');
	const method = req.method ?? 'GET';
	const path = ex.path.replace(/\/+$/, '');
	const statusMatch = /^\/api_service\/job_status\/([^/]+)$/.exec(path);
	const isSubmit = path === '/api_service';
	if (!isSubmit && !statusMatch) {
		await ex.readBody(0);
		ex.arrived();
		ex.json(404, { detail: 'Not Found' });
		return true;
	}
	if ((isSubmit && method !== 'POST') || (statusMatch && method !== 'GET')) {
		await ex.readBody(0);
		ex.arrived();
		ex.json(405, { detail: 'Method Not Allowed' });
		return true;
	}
	const read = await ex.readBody(BODY_CAP);
	if (!read) return true; // the client left; logged with status 0

	let body: Record<string, unknown> | undefined;
	if (isSubmit) {
		try {
			const parsed: unknown = JSON.parse(read.body.toString('utf8'));
			if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
		} catch {
			body = undefined;
		}
		ex.fields = body ? loggedFields(body) : { raw: `${read.total} bytes, not a JSON object` };
	}
	ex.arrived(); // in the log from now on, even while held by a fault or latency

	if (await applyFault(ex, state)) return true;

	let account: PlatformAccountConfig;
	try {
		account = authenticate(ex, state);
	} catch (e) {
		if (e instanceof Refusal) {
			ex.json(e.status, e.body);
			return true;
		}
		throw e;
	}
	if (!state.acquire(account.accountUuid, PLATFORM_SLOT, account.concurrency)) {
		ex.json(429, { detail: PLATFORM_DETAIL.concurrent });
		return true;
	}
	try {
		const latency = state.config.faults.latencyMs ?? 0;
		if (latency > 0 && !(await clock.delay(latency, ex.gone.signal))) return true;
		try {
			if (isSubmit) {
				if (!body) throw refuse(422, [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }]);
				const answer = submit(ex, state, account, body);
				if (ex.fault === 'dropAfterCreate') ex.reset();
				else ex.json(200, answer);
			} else {
				ex.json(200, status(state, account, decodeURIComponent(statusMatch![1])));
			}
		} catch (e) {
			if (!(e instanceof Refusal)) throw e;
			ex.json(e.status, e.body);
		}
	} finally {
		state.release(account.accountUuid, PLATFORM_SLOT);
	}
	return true;
}

function applyFault(ex: Exchange, state: EmulatorState): Promise<boolean> {
	return applyHttpFault(ex, state, clock, {
		serverDetail: PLATFORM_DETAIL,
		concurrent: { status: 429, detail: PLATFORM_DETAIL.concurrent },
		ownFaults: ['dropAfterCreate'],
	});
}

function authenticate(ex: Exchange, state: EmulatorState): PlatformAccountConfig {
	const uuid = ex.header('accountuuid');
	const key = ex.header('apikey');
	const account = state.config.platformAccounts.find((a) => a.accountUuid === uuid && a.apiKey === key);
	if (!uuid || !key || !account) throw refuse(401, PLATFORM_DETAIL.invalidCredentials);
	return account;
}

/** The body as logged: the audio replaced by a description (its bytes are in `files`). */
function loggedFields(body: Record<string, unknown>): Record<string, unknown> {
	const fields = { ...body };
	if (typeof fields.audio_base64 === 'string') fields.audio_base64 = `[base64, ${fields.audio_base64.length} chars]`;
	return fields;
}

/** The configured processing-time estimate, as the answer field (nothing when none is configured). */
function estimateOf(state: EmulatorState, account: PlatformAccountConfig): Record<string, unknown> {
	const estimate = account.estimate !== undefined ? account.estimate : state.config.platformEstimate;
	return estimate === undefined || estimate === null || estimate === false ? {} : { estimated_processing_time: estimate };
}

function readFlags(body: Record<string, unknown>): Record<string, boolean> {
	const flags = body.flags;
	if (flags === undefined || flags === null) return {};
	if (typeof flags !== 'object' || Array.isArray(flags)) {
		throw refuse(422, [{ loc: ['body', 'flags'], msg: 'Input should be a valid dictionary', type: 'dict_type' }]);
	}
	const out: Record<string, boolean> = {};
	for (const [name, value] of Object.entries(flags as Record<string, unknown>)) {
		if (!PLATFORM_FLAGS.includes(name)) throw refuse(400, `Invalid flags: unknown flag "${name}". Known flags: ${PLATFORM_FLAGS.join(', ')}.`);
		if (typeof value !== 'boolean') throw refuse(400, `Invalid flags: "${name}" must be true or false.`);
		out[name] = value;
	}
	return out;
}

function readFile(ex: Exchange, body: Record<string, unknown>): JobFile {
	if (typeof body.audio_base64 !== 'string') throw missingField('audio_base64');
	if (typeof body.file_extension !== 'string') throw missingField('file_extension');
	const extension = body.file_extension.toLowerCase().replace(/^\./, '');
	if (!PLATFORM_EXTENSIONS.includes(extension)) {
		throw refuse(400, `Unsupported file format .${extension}. Supported formats: ${PLATFORM_EXTENSIONS.join(', ')}.`);
	}
	const b64 = body.audio_base64.replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 === 1) throw refuse(400, PLATFORM_DETAIL.badBase64);
	const audio = Buffer.from(b64, 'base64');
	const fileName = typeof body.filename === 'string' && body.filename ? body.filename : `audio.${extension}`;
	ex.files.push({ field: 'audio_base64', fileName, contentType: `audio/${extension === 'mp3' ? 'mpeg' : extension}`, size: audio.length, sha256: sha256(audio) });
	if (audio.length === 0) throw refuse(400, PLATFORM_DETAIL.empty);
	if (audio.length > PLATFORM_MAX_BYTES) throw refuse(413, PLATFORM_DETAIL.tooLarge);
	const info = analyzeAudio(audio);
	return { fileName, extension, size: audio.length, sha256: info.sha256, transcript: transcriptFor(info) };
}

function submit(ex: Exchange, state: EmulatorState, account: PlatformAccountConfig, body: Record<string, unknown>): Record<string, unknown> {
	const type = body.submission_type;
	if (type === undefined) throw missingField('submission_type');
	if (type !== 'single_file_batch' && type !== 'multi_file_batch' && type !== 'realtime_websocket') {
		throw refuse(422, [
			{
				loc: ['body', 'submission_type'],
				msg: "Input should be 'single_file_batch', 'multi_file_batch' or 'realtime_websocket'",
				type: 'literal_error',
			},
		]);
	}
	const flags = readFlags(body);
	if (account.quotaExhausted) throw refuse(429, PLATFORM_DETAIL.credits);
	const jobs = platformJobs(state);
	const now = Date.now();

	if (type === 'realtime_websocket') {
		const id = randomUUID();
		const host = ex.header('host') ?? '127.0.0.1';
		const token = sha256(Buffer.from(`${id}|session`)).slice(0, 24);
		const job: PlatformJob = {
			id,
			accountUuid: account.accountUuid,
			type,
			createdAt: now,
			files: [],
			flags,
			pollsSinceFinal: 0,
			polls: 0,
			realtimeUrl: `ws://${host}/api_service/realtime/${id}?session_token=${token}`,
		};
		jobs.set(id, job);
		return { job_id: id, status: 'processing', submission_type: type, realtime_url: job.realtimeUrl };
	}

	const file = readFile(ex, body);
	if (type === 'single_file_batch') {
		const job: PlatformJob = {
			id: randomUUID(),
			accountUuid: account.accountUuid,
			type,
			createdAt: now,
			files: [file],
			flags,
			finalizedAt: now,
			pollsSinceFinal: 0,
			polls: 0,
		};
		jobs.set(job.id, job);
		return { job_id: job.id, status: 'processing', submission_type: type, files_received: 1, finalized: true, ...estimateOf(state, account) };
	}

	// multi-file
	let job: PlatformJob | undefined;
	if (body.job_id !== undefined && body.job_id !== null) {
		job = jobs.get(String(body.job_id));
		if (!job || job.accountUuid !== account.accountUuid) throw refuse(404, PLATFORM_DETAIL.notFound);
		if (job.type !== 'multi_file_batch') throw refuse(400, `Job ${job.id} is not a multi-file job.`);
		if (job.finalizedAt !== undefined) throw refuse(409, PLATFORM_DETAIL.finalized);
		job.files.push(file);
	} else {
		job = { id: randomUUID(), accountUuid: account.accountUuid, type, createdAt: now, files: [file], flags, pollsSinceFinal: 0, polls: 0 };
		jobs.set(job.id, job);
	}
	if (body.finalize_job === true) job.finalizedAt = now;
	return {
		job_id: job.id,
		status: 'processing',
		submission_type: type,
		files_received: job.files.length,
		finalized: job.finalizedAt !== undefined,
		...(job.finalizedAt !== undefined ? estimateOf(state, account) : {}),
	};
}

function status(state: EmulatorState, account: PlatformAccountConfig, id: string): Record<string, unknown> {
	const job = platformJobs(state).get(id);
	if (!job || job.accountUuid !== account.accountUuid) throw refuse(404, PLATFORM_DETAIL.notFound);
	job.polls++;
	const base = {
		job_id: job.id,
		submission_type: job.type,
		created_at: new Date(job.createdAt).toISOString(),
		files_received: job.files.length,
	};
	if (job.type === 'realtime_websocket') return { ...base, status: 'processing', realtime_url: job.realtimeUrl };
	if (job.finalizedAt === undefined) return { ...base, status: 'processing', finalized: false };

	let done = job.completedAt !== undefined;
	if (!done) {
		const polls = state.config.platformJobPolls;
		done = polls !== undefined ? job.pollsSinceFinal >= polls : Date.now() - job.finalizedAt >= (state.config.platformJobMs ?? 3000);
		job.pollsSinceFinal++;
		if (done) job.completedAt = Date.now();
	}
	if (!done) return { ...base, status: 'processing', finalized: true };

	const failing = job.files.find((f) => /fail/i.test(f.fileName));
	const completed_at = new Date(job.completedAt!).toISOString();
	if (failing) {
		return { ...base, status: 'failed', completed_at, error: `Audio file "${failing.fileName}" could not be processed.` };
	}
	return { ...base, status: 'completed', completed_at, flags: job.flags, results: results(job) };
}

const AGE_RANGES = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'];

function results(job: PlatformJob): Record<string, unknown> {
	const files = job.files.map((f, index) => {
		const t = f.transcript;
		const speakers = [...new Set(t.utterances.map((u) => u.speaker))].sort((a, b) => a - b);
		const file: Record<string, unknown> = {
			file_index: index,
			filename: f.fileName,
			duration_ms: t.durationMs,
			text: t.utterances.map((u) => u.text).join(' '),
			utterances: t.utterances.map((u) => ({
				speaker: u.speaker,
				start_ms: u.start_ms,
				duration_ms: u.duration_ms,
				text: u.text,
				...(job.flags.emotion_annotation ? { emotion: emotionOf(u.text) } : {}),
			})),
		};
		if (job.flags.demographics) {
			file.demographics = speakers.map((speaker) => ({
				speaker,
				age_range: AGE_RANGES[Math.floor(hashUnit(t.seed, 'age', speaker) * AGE_RANGES.length)],
				gender: hashUnit(t.seed, 'gender', speaker) < 0.5 ? 'female' : 'male',
				confidence: Math.round((0.6 + hashUnit(t.seed, 'demo-conf', speaker) * 0.35) * 100) / 100,
			}));
		}
		if (job.flags.deepfake_detection) {
			file.deepfake = speakers.map((speaker) => {
				const synthetic = t.syntheticSpeakers.includes(speaker);
				const r = hashUnit(t.seed, 'platform-deepfake', speaker);
				return {
					speaker,
					verdict: synthetic ? 'synthetic' : 'non-synthetic',
					confidence: Math.round((synthetic ? 0.88 + r * 0.11 : 0.9 + r * 0.09) * 10000) / 10000,
				};
			});
		}
		if (job.flags.behavioral_insights) {
			const talk: Record<string, number> = {};
			for (const u of t.utterances) talk[String(u.speaker)] = (talk[String(u.speaker)] ?? 0) + u.duration_ms;
			const emotions = t.utterances.map((u) => emotionOf(u.text));
			file.behavioral_insights = {
				talk_time_ms: talk,
				escalation: emotions.some((e) => e === 'Stressed' || e === 'Frustrated'),
				dominant_emotion: mostCommon(emotions) ?? 'Neutral',
			};
		}
		return file;
	});
	return { files };
}

function mostCommon(values: string[]): string | undefined {
	const counts = new Map<string, number>();
	for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
	return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}
