/**
 * The emulator's Models API batch surface over real HTTP: plain fetch + FormData against the loopback
 * server. Main answers of every endpoint, the effect of each option, every error path in the order the
 * service checks them, fault injection, the control endpoints and the CLI.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeAudio, silentMp3, synthWav } from './audio';
import type { listPresets } from './batch';
import { DETAIL, MAX_UPLOAD_BYTES, unsupportedFormatDetail } from './models';
import { HTML_502 } from './exchange';
import { startEmulator } from './server';
import { DEFAULT_MODELS_KEY } from './state';
import type { RecordedRequest } from './state';
import { useEmulator } from '../helpers/emulator';

const AUDIO = path.resolve(__dirname, '../fixtures/audio');
const sample = (name: string) => readFileSync(path.join(AUDIO, name));
const STANDARD = ['.aac', '.aiff', '.flac', '.mov', '.mp3', '.mp4', '.ogg', '.opus', '.wav', '.webm'];

const emu = useEmulator();

interface PostOptions {
	file?: { data: Buffer; name: string; type?: string } | null;
	fields?: Record<string, string>;
	key?: string | null;
	signal?: AbortSignal;
}

async function post(model: string, o: PostOptions = {}): Promise<Response> {
	const fd = new FormData();
	const file = o.file === undefined ? { data: sample('call-01-billing.wav'), name: 'call-01-billing.wav' } : o.file;
	if (file) fd.append('upload_file', new Blob([new Uint8Array(file.data)], { type: file.type ?? 'audio/wav' }), file.name);
	for (const [k, v] of Object.entries(o.fields ?? {})) fd.append(k, v);
	const headers: Record<string, string> = {};
	const key = o.key === undefined ? DEFAULT_MODELS_KEY : o.key;
	if (key !== null) headers['X-API-Key'] = key;
	return fetch(`${emu.url}/api/${model}`, { method: 'POST', body: fd, headers, signal: o.signal });
}

async function postJson(model: string, o: PostOptions = {}): Promise<{ status: number; body: any; res: Response }> {
	const res = await post(model, o);
	const body = await res.json();
	return { status: res.status, body, res };
}

const last = () => emu.state.requests[emu.state.requests.length - 1];

/** What the control endpoints answer (test/emulator/server.ts). */
interface Health {
	ok: boolean;
	uptimeMs: number;
	requests: number;
}
interface Stats {
	requests: number;
	peakInflight: Record<string, number>;
}

describe('STT batch (velma-2-stt-batch)', () => {
	it('answers a known sample call with its script and the spec fields, enrichment null by default', async () => {
		const { status, body } = await postJson('velma-2-stt-batch');
		assert.equal(status, 200);
		const calls = JSON.parse(readFileSync(path.resolve(AUDIO, '../calls.json'), 'utf8'));
		const script = calls['call-01-billing'];
		assert.equal(body.duration_ms, script.duration_ms);
		assert.equal(body.utterances.length, script.utterances.length);
		assert.deepEqual(Object.keys(body).sort(), ['duration_ms', 'text', 'utterances']);
		const u = body.utterances[1];
		assert.deepEqual(Object.keys(u), ['utterance_uuid', 'text', 'start_ms', 'duration_ms', 'speaker', 'language', 'emotion', 'accent', 'deepfake_score']);
		assert.match(u.utterance_uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		assert.equal(u.text, script.utterances[1].text);
		assert.equal(u.start_ms, script.utterances[1].start_ms);
		assert.equal(u.speaker, 2);
		assert.equal(u.language, 'en');
		assert.equal(u.emotion, null);
		assert.equal(u.accent, null);
		assert.equal(u.deepfake_score, null);
		assert.equal(body.text, script.utterances.map((x: { text: string }) => x.text).join(' '));
		// recorded: file part, fields, headers, status
		const r = last();
		assert.equal(r.surface, 'models');
		assert.equal(r.status, 200);
		assert.equal(r.headers['x-api-key'], DEFAULT_MODELS_KEY);
		assert.equal(r.files.length, 1);
		assert.equal(r.files[0].field, 'upload_file');
		assert.equal(r.files[0].fileName, 'call-01-billing.wav');
		assert.equal(r.files[0].contentType, 'audio/wav');
		assert.equal(r.files[0].size, sample('call-01-billing.wav').length);
		assert.equal(r.files[0].sha256, 'f42c94d2df725d69b71a63119c730fd19e66d3f7f9cb39bb25bd72a920be5f82');
	});

	it('recognizes the MP3 of a sample call too', async () => {
		const { body } = await postJson('velma-2-stt-batch', {
			file: { data: sample('call-03-urgent-transfer.mp3'), name: 'c.mp3', type: 'audio/mpeg' },
		});
		assert.equal(body.duration_ms, 21710);
		assert.match(body.text, /^Acme Bank fraud department/);
	});

	it('enrichment flags add emotion, accent and deepfake_score; the synthetic caller scores high', async () => {
		const { body } = await postJson('velma-2-stt-batch', {
			file: { data: sample('call-03-urgent-transfer.wav'), name: 'c.wav' },
			fields: { emotion_signal: 'true', accent_signal: 'true', deepfake_signal: 'true' },
		});
		for (const u of body.utterances) {
			assert.equal(typeof u.emotion, 'string');
			assert.equal(typeof u.accent, 'string');
			assert.ok(u.deepfake_score >= 0 && u.deepfake_score <= 1);
			if (u.speaker === 2) assert.ok(u.deepfake_score > 0.8, `caller ${u.deepfake_score}`);
			else assert.ok(u.deepfake_score < 0.2, `agent ${u.deepfake_score}`);
		}
		assert.equal(body.utterances[3].emotion, 'Stressed');
		assert.deepEqual(last().fields, { emotion_signal: 'true', accent_signal: 'true', deepfake_signal: 'true' });
	});

	it('diarization off sends speaker null; disabledFieldStyle omit leaves disabled fields out', async () => {
		let { body } = await postJson('velma-2-stt-batch', { fields: { speaker_diarization: 'false' } });
		assert.ok(body.utterances.every((u: any) => u.speaker === null));
		emu.state.configure({ disabledFieldStyle: 'omit' });
		({ body } = await postJson('velma-2-stt-batch', { fields: { speaker_diarization: 'false', emotion_signal: 'true' } }));
		assert.deepEqual(Object.keys(body.utterances[0]), ['utterance_uuid', 'text', 'start_ms', 'duration_ms', 'language', 'emotion']);
	});

	it('pii_phi_tagging wraps names, dates and numbers (xml style, or bracket style by option)', async () => {
		let { body } = await postJson('velma-2-stt-batch', { fields: { pii_phi_tagging: 'true' } });
		assert.equal(body.utterances[1].text, 'Hi <pii:name>Sarah</pii:name>, my name is <pii:name>John Smith</pii:name>. I was charged twice for my last payment.');
		assert.match(body.utterances[3].text, /<pii:date>March fourth, nineteen eighty five<\/pii:date>/);
		assert.match(body.utterances[3].text, /<pii:credit_card>four four one one<\/pii:credit_card>/);
		({ body } = await postJson('velma-2-stt-batch', {
			file: { data: sample('call-02-clinic.wav'), name: 'c.wav' },
			fields: { pii_phi_tagging: 'true' },
		}));
		assert.match(body.text, /<phi>diabetes<\/phi>/);
		emu.state.configure({ piiTagStyle: 'bracket' });
		({ body } = await postJson('velma-2-stt-batch', { fields: { pii_phi_tagging: 'true' } }));
		assert.equal(body.utterances[1].text, 'Hi [FIRSTNAME], my name is [FIRSTNAME] [LASTNAME]. I was charged twice for my last payment.');
	});

	it('a language hint echoes into the utterances (primary subtag only)', async () => {
		let { body } = await postJson('velma-2-stt-batch', { fields: { language: 'FR-ca' } });
		assert.ok(body.utterances.every((u: any) => u.language === 'fr'));
		({ body } = await postJson('velma-2-stt-batch', { fields: { language: 'en_US' } }));
		assert.equal(body.utterances[0].language, 'en');
	});

	it('config: custom terms show where they occur, and its flags override the form flags', async () => {
		const config = JSON.stringify({
			custom_terms: ['ACME Bank', { term: 'Jon Smith', definition: 'no match here' }, '  ', { term: 'refunded', pronunciations: ['ree-FUND-id'] }],
			emotion_signal: true,
			speaker_diarization: false,
			language: 'de',
		});
		const { status, body } = await postJson('velma-2-stt-batch', {
			fields: { emotion_signal: 'false', speaker_diarization: 'true', language: 'en', config },
		});
		assert.equal(status, 200);
		assert.match(body.utterances[0].text, /calling ACME Bank,/);
		assert.doesNotMatch(body.text, /Jon Smith/);
		assert.ok(body.utterances.every((u: any) => typeof u.emotion === 'string' && u.speaker === null && u.language === 'de'));
		// a field the config leaves out falls back to the form
		const r2 = await postJson('velma-2-stt-batch', { fields: { accent_signal: 'true', config: '{"custom_terms":null}' } });
		assert.equal(typeof r2.body.utterances[0].accent, 'string');
		assert.equal(r2.body.utterances[0].speaker, 1);
	});

	it('unknown audio gets a generated transcript on its sound, alternating speakers; silence gets none', async () => {
		const wav = synthWav({ durationMs: 12000, content: [[500, 4500], [6000, 11000]] });
		const { body } = await postJson('velma-2-stt-batch', { file: { data: wav, name: 'mine.wav' } });
		assert.equal(body.duration_ms, 12000);
		assert.equal(body.utterances.length, 2);
		assert.deepEqual(body.utterances.map((u: any) => u.speaker), [1, 2]);
		assert.equal(body.utterances[0].start_ms, 500);
		assert.equal(body.utterances[1].start_ms + body.utterances[1].duration_ms, 11000);
		const again = await postJson('velma-2-stt-batch', { file: { data: wav, name: 'mine.wav' } });
		assert.deepEqual(again.body, body, 'same file, same answer');
		const silence = await postJson('velma-2-stt-batch', { file: { data: synthWav({ durationMs: 3000, content: 'silence' }), name: 's.wav' } });
		assert.deepEqual(silence.body, { text: '', duration_ms: 3000, utterances: [] });
		// bytes that are no known format: duration estimated from size, one utterance per ~5 s
		const raw = await postJson('velma-2-stt-batch', { file: { data: Buffer.alloc(160000, 1), name: 'x.ogg' } });
		assert.equal(raw.body.duration_ms, 10000);
		assert.equal(raw.body.utterances.length, 2);
	});
});

describe('fast transcription endpoints', () => {
	it('english-vfast answers only {text, duration_ms}', async () => {
		const { status, body } = await postJson('velma-2-stt-batch-english-vfast');
		assert.equal(status, 200);
		assert.deepEqual(Object.keys(body), ['text', 'duration_ms']);
		assert.match(body.text, /^Thank you for calling Acme Bank/);
		assert.equal(body.duration_ms, 35619);
	});

	it('multilingual-vfast answers {text, duration_ms} and takes a language', async () => {
		const { status, body } = await postJson('velma-2-stt-batch-multilingual-vfast', { fields: { language: 'es' } });
		assert.equal(status, 200);
		assert.deepEqual(Object.keys(body), ['text', 'duration_ms']);
		assert.equal(last().fields.language, 'es');
	});
});

describe('synthetic voice detection', () => {
	const model = 'velma-2-synthetic-voice-detection-batch';

	it('judges call-03 synthetic for most 4 s frames and echoes the file name', async () => {
		const { status, body } = await postJson(model, { file: { data: sample('call-03-urgent-transfer.wav'), name: 'urgent call.wav' } });
		assert.equal(status, 200);
		assert.equal(body.filename, 'urgent call.wav');
		assert.equal(body.duration_ms, 21710);
		assert.equal(body.frames[0].start_time_ms, 0);
		assert.equal(body.frames[0].end_time_ms, 4000);
		assert.equal(body.frames.at(-1).end_time_ms, 21710);
		const synthetic = body.frames.filter((f: any) => f.verdict === 'synthetic').length;
		assert.ok(synthetic > body.frames.length / 2, `${synthetic}/${body.frames.length}`);
		for (const f of body.frames) {
			assert.deepEqual(Object.keys(f), ['start_time_ms', 'end_time_ms', 'verdict', 'confidence']);
			assert.ok(f.confidence >= 0 && f.confidence <= 1);
		}
	});

	it('judges the other calls non-synthetic and silence no-content (confidence 1.0)', async () => {
		const { body } = await postJson(model, { file: { data: sample('call-01-billing.mp3'), name: 'a.mp3', type: 'audio/mpeg' } });
		assert.ok(body.frames.every((f: any) => f.verdict === 'non-synthetic'));
		const s = await postJson(model, { file: { data: synthWav({ durationMs: 6000, content: 'silence' }), name: 's.wav' } });
		assert.equal(s.body.frames.length, 2);
		assert.ok(s.body.frames.every((f: any) => f.verdict === 'no-content' && f.confidence === 1));
	});

	it('accepts its wider format list (.m4a) and refuses audio shorter than 0.5 s with 422', async () => {
		const m4a = await post(model, { file: { data: Buffer.alloc(20000, 7), name: 'a.m4a', type: 'audio/mp4' } });
		assert.equal(m4a.status, 200);
		const short = await postJson(model, { file: { data: synthWav({ durationMs: 400 }), name: 's.wav' } });
		assert.equal(short.status, 422);
		assert.deepEqual(short.body, { detail: 'The audio is too short to analyze.' });
	});
});

describe('PII/PHI redaction', () => {
	const model = 'velma-2-pii-phi-redaction-batch';

	it('answers multipart: metadata JSON with empty tags and padded ranges, and a silent MP3 of the same length', async () => {
		const res = await post(model, { file: { data: sample('call-02-clinic.wav'), name: 'clinic.wav' } });
		assert.equal(res.status, 200);
		assert.match(res.headers.get('content-type') ?? '', /^multipart\/form-data; boundary=/);
		const form = await res.formData();
		const meta = JSON.parse(form.get('metadata') as string);
		assert.deepEqual(Object.keys(meta), ['text', 'duration_ms', 'utterances', 'redaction_ranges']);
		assert.equal(meta.duration_ms, 26889);
		assert.equal(meta.utterances[1].text, 'Hello, this is <pii:name></pii:name>. I need to move my appointment for my <phi></phi> check up.');
		assert.deepEqual(Object.keys(meta.utterances[0]), ['utterance_uuid', 'text', 'start_ms', 'duration_ms', 'speaker', 'language']);
		assert.ok(meta.redaction_ranges.length >= 5);
		for (const [a, b] of meta.redaction_ranges) assert.ok(Number.isInteger(a) && Number.isInteger(b) && a < b);
		const audio = form.get('audio') as File;
		assert.equal(audio.type, 'audio/mpeg');
		const mp3 = Buffer.from(await audio.arrayBuffer());
		const info = analyzeAudio(mp3);
		assert.equal(info.container, 'mp3');
		assert.ok(Math.abs(info.activity!.active.length * 100 - 26889) <= 100, 'frames cover the duration');
		assert.equal(info.tag?.callId, 'call-02-clinic');
	});

	it('padding options widen the ranges; diarization off sends speaker null', async () => {
		const ranges = async (fields: Record<string, string>) => {
			const form = await (await post(model, { fields })).formData();
			return JSON.parse(form.get('metadata') as string);
		};
		const none = await ranges({ start_redaction_padding_ms: '0', end_redaction_padding_ms: '0' });
		const dflt = await ranges({});
		const wide = await ranges({ start_redaction_padding_ms: '250', end_redaction_padding_ms: '300', speaker_diarization: 'false' });
		assert.equal(dflt.redaction_ranges[1][0], none.redaction_ranges[1][0] - 100, 'default start padding 100');
		assert.equal(dflt.redaction_ranges[1][1], none.redaction_ranges[1][1], 'default end padding 0');
		assert.equal(wide.redaction_ranges[1][0], none.redaction_ranges[1][0] - 250);
		assert.equal(wide.redaction_ranges[1][1], none.redaction_ranges[1][1] + 300);
		assert.ok(wide.utterances.every((u: any) => u.speaker === null));
		assert.ok(none.utterances.every((u: any) => Number.isInteger(u.speaker)));
	});

	it('the redacted MP3 fed back in is still recognized (call-03 stays synthetic)', async () => {
		const form = await (await post(model, { file: { data: sample('call-03-urgent-transfer.wav'), name: 'c.wav' } })).formData();
		const mp3 = Buffer.from(await (form.get('audio') as File).arrayBuffer());
		const { body } = await postJson('velma-2-synthetic-voice-detection-batch', { file: { data: mp3, name: 'c-redacted.mp3', type: 'audio/mpeg' } });
		assert.equal(body.duration_ms, 21710);
		assert.ok(body.frames.filter((f: any) => f.verdict === 'synthetic').length > body.frames.length / 2);
		const stt = await postJson('velma-2-stt-batch', { file: { data: mp3, name: 'c-redacted.mp3', type: 'audio/mpeg' } });
		assert.doesNotMatch(stt.body.text, /Robert Chen/, 'redacted words are silent');
	});

	it('bracket style redacts as [FIRSTNAME]', async () => {
		emu.state.configure({ piiTagStyle: 'bracket' });
		const form = await (await post(model)).formData();
		assert.match(JSON.parse(form.get('metadata') as string).utterances[1].text, /my name is \[FIRSTNAME\] \[LASTNAME\]\./);
	});
});

describe('list-presets and the other batch models', () => {
	it('list-presets answers ListPresetsResponse; a disabled velma-2-batch model gets 403', async () => {
		const ok = await fetch(`${emu.url}/api/velma-2-batch/list-presets`, { headers: { 'X-API-Key': DEFAULT_MODELS_KEY } });
		assert.equal(ok.status, 200);
		const body = (await ok.json()) as ReturnType<typeof listPresets>;
		assert.ok(body.presets.length >= 3);
		assert.deepEqual(Object.keys(body.presets[0]), ['identifier', 'name', 'short_description', 'detailed_description']);
		emu.state.configure({ modelsKeys: { [DEFAULT_MODELS_KEY]: { disabledModels: ['velma-2-batch'] } } });
		const denied = await fetch(`${emu.url}/api/velma-2-batch/list-presets`, { headers: { 'X-API-Key': DEFAULT_MODELS_KEY } });
		assert.equal(denied.status, 403);
		assert.deepEqual(await denied.json(), { detail: 'This request is not permitted.' });
		const bad = await fetch(`${emu.url}/api/velma-2-batch/list-presets`, { headers: { 'X-API-Key': 'nope' } });
		assert.equal(bad.status, 401);
		assert.equal(last().path, '/api/velma-2-batch/list-presets');
	});

	it('emotion, accent, language, music, AI music and velma-2-batch answer their spec shapes', async () => {
		const emotion = await postJson('velma-2-emotion-batch', { fields: { use_ensemble: 'true' } });
		assert.equal(typeof emotion.body.emotion, 'string');
		assert.deepEqual(emotion.body.time_series.map((w: any) => w.start_ms), [0, 15000], 'trailing remainder omitted');
		const accent = await postJson('velma-2-accent-batch');
		assert.deepEqual(Object.keys(accent.body), ['accent', 'time_series']);
		const lang = await postJson('velma-2-language-detection-batch');
		assert.deepEqual(lang.body.predicted_language_code, 'en');
		assert.equal(lang.body.duration_ms, 35619);
		const music = await postJson('velma-2-music-detection-batch');
		assert.equal(music.body.primary_label, 'speech');
		assert.equal(music.body.frames[1].start_time_ms, 192);
		const ai = await postJson('velma-2-ai-music-detection-batch', { file: { data: sample('call-01-billing.mp3'), name: 'song.mp3', type: 'audio/mpeg' } });
		assert.equal(ai.body.primary_verdict, 'not-ai-music');
		assert.equal(ai.body.filename, 'song.mp3');
		const batch = await postJson('velma-2-batch', {
			file: { data: sample('call-03-urgent-transfer.wav'), name: 'c.wav' },
			fields: { config: JSON.stringify({ behaviors: ['preset:urgency_pressure'], stt: { emotion_signal: true } }) },
		});
		assert.equal(batch.status, 200);
		assert.equal(batch.body.behaviors[0].detected, true);
		assert.equal(typeof batch.body.clips[0].emotion, 'string');
		const badPreset = await postJson('velma-2-batch', { fields: { config: '{"behaviors":["preset:nope"]}' } });
		assert.equal(badPreset.status, 422);
		assert.deepEqual(badPreset.body, { detail: 'Invalid configuration.' });
		const music400 = await postJson('velma-2-music-detection-batch', { file: { data: Buffer.from('x'), name: 'a.webm' } });
		assert.deepEqual(music400.body, { detail: 'Unsupported file format. Supported formats: .aac, .flac, .m4a, .mp3, .mp4, .ogg, .opus, .wav.' });
	});
});

describe('auth, model access, credits, concurrency', () => {
	it('a missing X-API-Key is a FastAPI 422 list (per spec: pii uses X-API-Key, multilingual 401, ai-music "Invalid request.")', async () => {
		let r = await postJson('velma-2-stt-batch', { key: null });
		assert.equal(r.status, 422);
		assert.deepEqual(r.body, { detail: [{ loc: ['header', 'x-api-key'], msg: 'Field required', type: 'missing' }] });
		r = await postJson('velma-2-pii-phi-redaction-batch', { key: null });
		assert.deepEqual(r.body.detail[0].loc, ['header', 'X-API-Key']);
		r = await postJson('velma-2-stt-batch-multilingual-vfast', { key: null });
		assert.equal(r.status, 401);
		r = await postJson('velma-2-ai-music-detection-batch', { key: null });
		assert.equal(r.status, 422);
		assert.deepEqual(r.body, { detail: 'Invalid request.' });
		assert.equal(last().status, 422);
	});

	it('an unknown key is 401 (or badKeyHttpStatus); the synthetic-voice endpoint answers 403', async () => {
		let r = await postJson('velma-2-stt-batch', { key: 'mk_wrong' });
		assert.equal(r.status, 401);
		assert.deepEqual(r.body, { detail: 'Invalid API key.' });
		r = await postJson('velma-2-synthetic-voice-detection-batch', { key: 'mk_wrong' });
		assert.equal(r.status, 403);
		assert.deepEqual(r.body, { detail: 'Invalid API key.' });
		emu.state.configure({ badKeyHttpStatus: 403 });
		r = await postJson('velma-2-stt-batch', { key: 'mk_wrong' });
		assert.equal(r.status, 403);
		r = await postJson('velma-2-stt-batch', { key: 'constructor' });
		assert.equal(r.status, 403, 'no prototype keys');
	});

	it('a disabled model is 403 "This request is not permitted." and other models still work', async () => {
		emu.state.configure({ modelsKeys: { [DEFAULT_MODELS_KEY]: { disabledModels: ['velma-2-stt-batch'] } } });
		const r = await postJson('velma-2-stt-batch');
		assert.equal(r.status, 403);
		assert.deepEqual(r.body, { detail: 'This request is not permitted.' });
		assert.equal((await post('velma-2-stt-batch-english-vfast')).status, 200);
	});

	it('exhausted credits are 429 "Insufficient credits." (checked after auth and access)', async () => {
		emu.state.configure({ modelsKeys: { [DEFAULT_MODELS_KEY]: { quotaExhausted: true, disabledModels: ['velma-2-accent-batch'] } } });
		let r = await postJson('velma-2-stt-batch');
		assert.equal(r.status, 429);
		assert.deepEqual(r.body, { detail: 'Insufficient credits.' });
		assert.equal(r.res.headers.get('retry-after'), null);
		r = await postJson('velma-2-accent-batch');
		assert.equal(r.status, 403);
		r = await postJson('velma-2-stt-batch', { key: 'bad' });
		assert.equal(r.status, 401);
	});

	it('the gate holds requests until enough are in flight, releases them together, then is gone; one alone gets 504', async () => {
		emu.state.configure({ gate: { count: 2 } });
		const [a, b] = await Promise.all([postJson('velma-2-stt-batch'), postJson('velma-2-language-detection-batch')]);
		assert.deepEqual([a.status, b.status], [200, 200]);
		assert.deepEqual(emu.state.gateOpenings, [2]);
		assert.equal((await postJson('velma-2-stt-batch')).status, 200, 'one use only');
		emu.state.configure({ gate: { count: 2, timeoutMs: 50 } });
		const alone = await postJson('velma-2-stt-batch');
		assert.equal(alone.status, 504);
		assert.equal(emu.state.gateTimeouts, 1);
	});

	it('over the concurrent limit fails at once with 429 (synthetic voice: 403) and slots are released', async () => {
		emu.state.configure({
			modelsKeys: { [DEFAULT_MODELS_KEY]: { concurrency: 1 } },
			processingMs: { 'velma-2-stt-batch': 2000, 'velma-2-synthetic-voice-detection-batch': 2000 },
		});
		// Two requests that overlap on any machine: the second is sent once the first holds its slot (logged as
		// pending, processing for 2 s), not both at once, which a loaded machine can serve one after the other.
		const pair = async (first: string, second: string) => {
			const one = postJson(first);
			while (!emu.state.requests.some((r) => r.pending && r.path === `/api/${first}`)) await new Promise((r) => setTimeout(r, 5));
			return await Promise.all([one, postJson(second)]);
		};
		const [a, b] = await pair('velma-2-stt-batch', 'velma-2-stt-batch');
		assert.deepEqual([a.status, b.status].sort(), [200, 429]);
		const refused = a.status === 429 ? a : b;
		assert.deepEqual(refused.body, { detail: 'Concurrent request limit reached for this model. Please retry shortly.' });
		// the limit is per model: another model runs alongside
		const [c, d] = await pair('velma-2-stt-batch', 'velma-2-synthetic-voice-detection-batch');
		assert.deepEqual([c.status, d.status], [200, 200]);
		const [e, f] = await pair('velma-2-synthetic-voice-detection-batch', 'velma-2-synthetic-voice-detection-batch');
		const sv = e.status === 403 ? e : f;
		assert.equal(sv.status, 403);
		assert.deepEqual(sv.body, { detail: 'Concurrent request limit exceeded for this model.' });
		// a validation error releases its slot too
		assert.equal((await post('velma-2-stt-batch', { file: null })).status, 422);
		assert.equal((await post('velma-2-stt-batch')).status, 200);
		assert.equal(emu.state.peakInflight.get(`${DEFAULT_MODELS_KEY}|velma-2-stt-batch`), 1);
	});

	it('a client that leaves mid-processing releases its slot and is logged with status 0', async () => {
		emu.state.configure({ modelsKeys: { [DEFAULT_MODELS_KEY]: { concurrency: 1 } }, processingMs: { 'velma-2-stt-batch': 60_000 } });
		const ctl = new AbortController();
		const pending = post('velma-2-stt-batch', { signal: ctl.signal });
		while (!emu.state.peakInflight.size) await new Promise((r) => setTimeout(r, 5));
		assert.equal(emu.state.requests.length, 1, 'logged on arrival');
		assert.equal(last().pending, true);
		assert.equal(last().files[0].fileName, 'call-01-billing.wav');
		ctl.abort();
		await assert.rejects(pending);
		while (last().pending) await new Promise((r) => setTimeout(r, 5));
		assert.equal(last().status, 0);
		emu.state.configure({ processingMs: { 'velma-2-stt-batch': 0 } });
		assert.equal((await post('velma-2-stt-batch')).status, 200, 'the slot was released');
	});
});

describe('validation', () => {
	it('no upload_file is a 422 list; upload_file as a text field too', async () => {
		let r = await postJson('velma-2-stt-batch', { file: null });
		assert.equal(r.status, 422);
		assert.deepEqual(r.body, { detail: [{ loc: ['body', 'upload_file'], msg: 'Field required', type: 'missing' }] });
		r = await postJson('velma-2-stt-batch', { file: null, fields: { upload_file: 'abc' } });
		assert.equal(r.status, 422);
		assert.deepEqual(r.body.detail[0].loc, ['body', 'upload_file']);
		const notMultipart = await fetch(`${emu.url}/api/velma-2-stt-batch`, {
			method: 'POST',
			headers: { 'X-API-Key': DEFAULT_MODELS_KEY, 'content-type': 'application/json' },
			body: '{}',
		});
		assert.equal(notMultipart.status, 422);
	});

	it('an extension outside the endpoint list is 400 with the spec detail; the check ignores case', async () => {
		let r = await postJson('velma-2-stt-batch', { file: { data: Buffer.from('x'), name: 'notes.txt' } });
		assert.equal(r.status, 400);
		assert.deepEqual(r.body, { detail: 'Unsupported file format. Supported formats: .aac, .aiff, .flac, .mov, .mp3, .mp4, .ogg, .opus, .wav, .webm.' });
		assert.equal(r.body.detail, unsupportedFormatDetail(STANDARD));
		r = await postJson('velma-2-stt-batch', { file: { data: Buffer.from('x'), name: 'no-extension' } });
		assert.equal(r.status, 400);
		r = await postJson('velma-2-synthetic-voice-detection-batch', { file: { data: Buffer.from('x'), name: 'a.txt' } });
		assert.deepEqual(r.body, {
			detail: 'Unsupported file format. Supported formats: .3gp, .3gpp, .aac, .aiff, .amr, .au, .flac, .m4a, .mov, .mp3, .mp4, .ogg, .opus, .wav, .webm, .wma.',
		});
		r = await postJson('velma-2-stt-batch', { file: { data: sample('call-01-billing.wav'), name: 'LOUD.WAV' } });
		assert.equal(r.status, 200);
	});

	it('an empty file is 400; over 100 MB is 413', async () => {
		let r = await postJson('velma-2-stt-batch', { file: { data: Buffer.alloc(0), name: 'a.wav' } });
		assert.equal(r.status, 400);
		assert.deepEqual(r.body, { detail: 'The uploaded file is empty.' });
		r = await postJson('velma-2-stt-batch', { file: { data: Buffer.alloc(MAX_UPLOAD_BYTES + 1), name: 'big.wav' } });
		assert.equal(r.status, 413);
		assert.deepEqual(r.body, { detail: 'File too large. Maximum size is 100MB.' });
		assert.equal(last().files[0].size, MAX_UPLOAD_BYTES + 1);
		assert.equal(last().files[0].fileName, 'big.wav');
	}, 300_000); // a 100 MB body through the multipart parser: minutes on a busy machine

	it('an invalid language is 400 with the spec text', async () => {
		for (const model of ['velma-2-stt-batch', 'velma-2-pii-phi-redaction-batch']) {
			const r = await postJson(model, { fields: { language: 'english' } });
			assert.equal(r.status, 400);
			assert.deepEqual(r.body, { detail: "Invalid language='english'. Expected an ISO 639-1 language code (e.g. 'en', 'fr')." });
		}
		assert.equal((await postJson('velma-2-stt-batch', { fields: { language: 'xx' } })).status, 400);
	});

	it('config that is not JSON, not an object, or of the wrong shape is 400 "Invalid configuration."', async () => {
		const bad = [
			'{not json',
			'[]',
			'"default"',
			'{"emotion_signal":"yes"}',
			'{"custom_terms":"Acme"}',
			'{"custom_terms":[{"definition":"no term"}]}',
			'{"custom_terms":[{"term":"x","definition":"' + 'd'.repeat(257) + '"}]}',
			'{"custom_terms":[{"term":"x","pronunciations":["é"]}]}',
			JSON.stringify({ custom_terms: Array.from({ length: 1001 }, (_, i) => `t${i}`) }),
			JSON.stringify({ custom_terms: Array.from({ length: 500 }, () => 'abcdefghijklmnop') }),
			'{"language":"english"}',
		];
		for (const config of bad) {
			const r = await postJson('velma-2-stt-batch', { fields: { config } });
			assert.equal(r.status, 400, config.slice(0, 60));
			assert.deepEqual(r.body, { detail: 'Invalid configuration.' });
		}
	});

	it('a malformed boolean or integer value is 400 "Invalid request."', async () => {
		let r = await postJson('velma-2-stt-batch', { fields: { emotion_signal: 'maybe' } });
		assert.deepEqual([r.status, r.body], [400, { detail: 'Invalid request.' }]);
		r = await postJson('velma-2-pii-phi-redaction-batch', { fields: { start_redaction_padding_ms: '-5' } });
		assert.deepEqual([r.status, r.body], [400, { detail: 'Invalid request.' }]);
	});

	it('strictAudio refuses content that does not match the extension', async () => {
		assert.equal((await post('velma-2-stt-batch', { file: { data: Buffer.from('not audio'), name: 'a.wav' } })).status, 200);
		emu.state.configure({ strictAudio: true });
		const r = await postJson('velma-2-stt-batch', { file: { data: Buffer.from('not audio'), name: 'a.wav' } });
		assert.equal(r.status, 400);
		assert.deepEqual(r.body, { detail: DETAIL.unprocessable });
		assert.equal((await post('velma-2-stt-batch', { file: { data: sample('call-01-billing.mp3'), name: 'a.mp3' } })).status, 200);
	});

	it('unknown paths are 404 JSON and wrong methods 405', async () => {
		let r = await fetch(`${emu.url}/api/velma-9000`, { method: 'POST' });
		assert.equal(r.status, 404);
		assert.deepEqual(await r.json(), { detail: 'Not Found' });
		r = await fetch(`${emu.url}/api/velma-2-stt-batch`);
		assert.equal(r.status, 405);
		r = await fetch(`${emu.url}/api_service/anything`);
		assert.equal(r.status, 404);
	});
});

describe('fault injection', () => {
	it('status faults answer the spec details; 503 and 429 carry Retry-After only when configured', async () => {
		emu.state.configure({ faults: { script: ['status500', 'status502', 'status503', 'status504', 'concurrent429'] } });
		const got = [];
		for (let i = 0; i < 5; i++) {
			const r = await postJson('velma-2-stt-batch');
			got.push([r.status, r.body.detail, r.res.headers.get('retry-after')]);
		}
		assert.deepEqual(got, [
			[500, 'Internal server error', null],
			[502, 'Unable to validate request. Please try again.', null],
			[503, 'The service is temporarily unavailable. Please try again later.', null],
			[504, 'The request timed out. Please try again.', null],
			[429, 'Concurrent request limit reached for this model. Please retry shortly.', null],
		]);
		assert.deepEqual(emu.state.requests.map((r) => r.fault), ['status500', 'status502', 'status503', 'status504', 'concurrent429']);
		emu.state.configure({ faults: { script: ['status503', 'concurrent429', 'status500'], retryAfterSeconds: 2 } });
		const a = await post('velma-2-stt-batch');
		const b = await post('velma-2-stt-batch');
		const c = await post('velma-2-stt-batch');
		assert.deepEqual([a.status, a.headers.get('retry-after')], [503, '2']);
		assert.deepEqual([b.status, b.headers.get('retry-after')], [429, '2']);
		assert.deepEqual([c.status, c.headers.get('retry-after')], [500, null]);
		// the script is consumed: the next request is normal
		assert.equal((await post('velma-2-stt-batch')).status, 200);
	});

	it('faults come before auth: even a bad key gets the fault', async () => {
		emu.state.configure({ faults: { script: ['status502'] } });
		assert.equal((await post('velma-2-stt-batch', { key: 'bad' })).status, 502);
	});

	it('html502 is an nginx HTML page with status 502', async () => {
		emu.state.configure({ faults: { script: ['html502'] } });
		const r = await post('velma-2-stt-batch');
		assert.equal(r.status, 502);
		assert.equal(r.headers.get('content-type'), 'text/html');
		const text = await r.text();
		assert.equal(text, HTML_502);
		assert.match(text, /<center>nginx<\/center>/);
	});

	it('reset destroys the connection without an answer (logged as status 0, file still recorded)', async () => {
		emu.state.configure({ faults: { script: ['reset'] } });
		await assert.rejects(post('velma-2-stt-batch'), (err: Error) => err instanceof TypeError);
		assert.equal(last().status, 0);
		assert.equal(last().fault, 'reset');
		assert.equal(last().files[0].fileName, 'call-01-billing.wav');
		assert.equal((await post('velma-2-stt-batch')).status, 200, 'the next request works');
	});

	it('slow holds the answer for slowMs, then answers normally', async () => {
		emu.state.configure({ faults: { script: ['slow'], slowMs: 60 } });
		const answer = post('velma-2-stt-batch');
		while (!emu.state.requests.length) await new Promise((r) => setTimeout(r, 2));
		assert.deepEqual([last().pending, last().fault, last().status], [true, 'slow', 0], 'held, logged with its fault');
		const r = await answer;
		assert.equal(r.status, 200);
		assert.equal(last().pending, undefined);
		assert.equal(last().fault, 'slow');
		assert.ok(last().endedAt - last().startedAt >= 55);
	});

	it('concurrent429 on the synthetic-voice endpoint is its own 403 limit answer', async () => {
		emu.state.configure({ faults: { script: ['concurrent429'] } });
		const r = await postJson('velma-2-synthetic-voice-detection-batch');
		assert.deepEqual([r.status, r.body], [403, { detail: 'Concurrent request limit exceeded for this model.' }]);
	});

	it('scriptPath limits the script to matching paths; rates repeat with the seed', async () => {
		emu.state.configure({ faults: { script: ['status500'], scriptPath: 'redaction' } });
		assert.equal((await post('velma-2-stt-batch')).status, 200);
		assert.equal((await post('velma-2-pii-phi-redaction-batch')).status, 500);
		const run = async () => {
			emu.state.reset();
			emu.state.configure({ faults: { rates: { status503: 0.5 }, seed: 42 } });
			const statuses = [];
			for (let i = 0; i < 8; i++) statuses.push((await post('velma-2-stt-batch-english-vfast')).status);
			return statuses;
		};
		const first = await run();
		assert.deepEqual(await run(), first);
		assert.ok(first.includes(503) && first.includes(200), first.join(','));
	});

	it('processingMs per model (else latencyMs) delays the answer', async () => {
		emu.state.configure({ processingMs: { 'velma-2-stt-batch-english-vfast': 80 }, faults: { latencyMs: 0 } });
		await post('velma-2-stt-batch-english-vfast');
		assert.ok(last().endedAt - last().startedAt >= 75);
	});
});

describe('control endpoints, close() and the CLI', () => {
	it('health, config, requests, stats and reset; control calls are not logged', async () => {
		const health = (await (await fetch(`${emu.url}/__emulator/health`)).json()) as Health;
		assert.equal(health.ok, true);
		const cfg = await fetch(`${emu.url}/__emulator/config`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ faults: { retryAfterSeconds: 3 }, modelsKeys: { k2: { concurrency: 2 } } }),
		});
		assert.equal(cfg.status, 200);
		assert.equal(emu.state.config.faults.retryAfterSeconds, 3);
		assert.equal(emu.state.config.faults.slowMs, 2000, 'faults merged one level deep');
		assert.equal((await post('velma-2-stt-batch-english-vfast', { key: 'k2' })).status, 200);
		const list = (await (await fetch(`${emu.url}/__emulator/requests`)).json()) as RecordedRequest[];
		assert.equal(list.length, 1);
		assert.equal(list[0].path, '/api/velma-2-stt-batch-english-vfast');
		const filtered = await (await fetch(`${emu.url}/__emulator/requests?since=${list[0].id}`)).json();
		assert.deepEqual(filtered, []);
		const stats = (await (await fetch(`${emu.url}/__emulator/stats`)).json()) as Stats;
		assert.equal(stats.peakInflight['k2|velma-2-stt-batch-english-vfast'], 1);
		assert.equal((await fetch(`${emu.url}/__emulator/reset`, { method: 'POST' })).status, 200);
		assert.equal(emu.state.requests.length, 0);
		assert.equal(emu.state.config.faults.retryAfterSeconds, null);
		const bad = await fetch(`${emu.url}/__emulator/config`, { method: 'POST', body: 'nope' });
		assert.equal(bad.status, 400);
	});

	it('close() ends open keep-alive connections and in-flight requests at once', async () => {
		const other = await startEmulator({ config: { processingMs: { 'velma-2-stt-batch': 60_000 } } });
		const url = other.url;
		await fetch(`${url}/__emulator/health`); // leaves a keep-alive socket open
		const fd = new FormData();
		fd.append('upload_file', new Blob([new Uint8Array(synthWav({ durationMs: 1000 }))]), 'a.wav');
		const hanging = fetch(`${url}/api/velma-2-stt-batch`, { method: 'POST', body: fd, headers: { 'X-API-Key': DEFAULT_MODELS_KEY } });
		while (!other.state.peakInflight.size) await new Promise((r) => setTimeout(r, 5));
		await other.close();
		await assert.rejects(hanging);
		await assert.rejects(fetch(`${url}/__emulator/health`));
	});

	it('the CLI prints one JSON line with url and wsUrl, serves, and exits 0 on SIGTERM', async () => {
		const cli = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, 'cli.ts'), '--port', '0'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const line = await new Promise<string>((resolve, reject) => {
			let out = '';
			cli.stdout.on('data', (d) => {
				out += d;
				if (out.includes('\n')) resolve(out.split('\n')[0]);
			});
			cli.on('exit', (code) => reject(new Error(`cli exited ${code}`)));
		});
		const { url, wsUrl } = JSON.parse(line);
		assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
		assert.equal(wsUrl, url.replace('http', 'ws'));
		assert.equal(((await (await fetch(`${url}/__emulator/health`)).json()) as Health).ok, true);
		const exit = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));
		cli.kill('SIGTERM');
		assert.equal(await exit, 0);
	});
});

describe('audio analysis', () => {
	it('reads WAV durations past extra chunks, MP3 frames, and the emulator tag', () => {
		assert.equal(analyzeAudio(synthWav({ durationMs: 2500, extraChunk: true })).durationMs, 2500);
		assert.equal(analyzeAudio(synthWav({ durationMs: 1000, sampleRate: 44100, channels: 2 })).durationMs, 1000);
		const mp3 = analyzeAudio(sample('call-01-billing.mp3'));
		assert.equal(mp3.container, 'mp3');
		assert.equal(mp3.durationMs, 35712); // 992 MPEG-2 frames of 36 ms
		const silent = analyzeAudio(silentMp3(4800));
		assert.equal(silent.durationMs, 4800);
		assert.ok(silent.activity!.active.every((a) => a === 0));
	});
});
