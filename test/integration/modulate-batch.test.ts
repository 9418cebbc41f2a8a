/**
 * The Modulate node's batch operations, run through n8n-core's real request and binary helpers against the
 * emulator on a loopback port. Assertions are on what crossed the wire (the emulator's request log) and
 * on what came out (items, binaries, errors).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { ModulateApi } from '../../credentials/ModulateApi.credentials';
import { startEmulator } from '../emulator/server';
import type { RunningEmulator } from '../emulator/server';
import { DEFAULT_MODELS_KEY } from '../emulator/state';
import type { RecordedRequest } from '../emulator/state';
import { binaryItem, findSecret, readBinary, runNode, testCredential } from '../helpers/n8n';
import { modulateRunner } from '../helpers/modulateRunner';
import type { BinaryMode } from '../helpers/n8n';

const AUDIO = join(__dirname, '..', 'fixtures', 'audio');
const wav1 = readFileSync(join(AUDIO, 'call-01-billing.wav'));
const wav2 = readFileSync(join(AUDIO, 'call-02-clinic.wav'));
const wav3 = readFileSync(join(AUDIO, 'call-03-urgent-transfer.wav'));
const mp3_1 = readFileSync(join(AUDIO, 'call-01-billing.mp3'));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let emulator: RunningEmulator;
const { node, credentialTypes, creds, run, runError } = modulateRunner(() => emulator.url);

beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => {
	emulator.state.reset();
});

/** Fast retries for tests; the options a user would set. */
const fast = { retryInitialDelayMs: 5, timeoutSeconds: 30 };

const modelRequests = (): RecordedRequest[] => emulator.state.requests.filter((r) => r.surface === 'models');

/** The emulator logs a request when its answer ends; a held (slow) answer ends after the client gave up. */
async function waitForRequests(
	count: number,
	match: (r: RecordedRequest) => boolean,
	withinMs = 5000,
): Promise<RecordedRequest[]> {
	const end = Date.now() + withinMs;
	while (modelRequests().filter(match).length < count && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
	return modelRequests().filter(match);
}
const transcribe = (options: IDataObject = {}): INodeParameters => ({
	resource: 'transcription',
	operation: 'transcribe',
	options: { ...fast, ...options },
});

describe('Transcribe', () => {
	for (const mode of ['filesystem', 'default'] as BinaryMode[]) {
		it(`sends the audio as upload_file with the form defaults and returns the spec's fields (${mode} binary)`, async () => {
			const { output } = await run(transcribe(), [await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav', { mode })]);
			const [request] = modelRequests();
			assert.equal(request.path, '/api/velma-2-stt-batch');
			assert.equal(request.headers['x-api-key'], DEFAULT_MODELS_KEY);
			assert.deepEqual(request.files, [
				{ field: 'upload_file', fileName: 'call-01-billing.wav', contentType: 'audio/wav', size: wav1.length, sha256: sha(wav1) },
			]);
			assert.deepEqual(request.fields, {
				speaker_diarization: 'true',
				emotion_signal: 'false',
				accent_signal: 'false',
				deepfake_signal: 'false',
				pii_phi_tagging: 'false',
			});
			const json = output[0][0].json as IDataObject;
			assert.equal(typeof json.text, 'string');
			assert.match(String(json.text), /Acme Bank/);
			assert.equal(typeof json.duration_ms, 'number');
			const utterances = json.utterances as IDataObject[];
			assert.ok(utterances.length >= 2);
			for (const key of ['utterance_uuid', 'text', 'start_ms', 'duration_ms', 'speaker', 'language']) {
				assert.ok(key in utterances[0], `utterance has ${key}`);
			}
			assert.deepEqual([...new Set(utterances.map((u) => u.speaker))].sort(), [1, 2]);
			assert.deepEqual(output[0][0].pairedItem, { item: 0 });
		});
	}

	it('maps every option onto the wire, custom terms in config', async () => {
		await run(
			transcribe({
				speakerDiarization: false,
				emotionSignal: true,
				accentSignal: true,
				deepfakeSignal: true,
				piiPhiTagging: true,
				language: 'en-US',
				customTerms: { terms: [{ term: 'Acme' }, { term: 'Velma', definition: 'Modulate model', pronunciations: 'VEL-muh' }] },
			}),
			[await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav')],
		);
		const [request] = modelRequests();
		assert.deepEqual(request.fields, {
			speaker_diarization: 'false',
			emotion_signal: 'true',
			accent_signal: 'true',
			deepfake_signal: 'true',
			pii_phi_tagging: 'true',
			language: 'en-US',
			config: JSON.stringify({
				custom_terms: ['Acme', { term: 'Velma', definition: 'Modulate model', pronunciations: ['VEL-muh'] }],
			}),
		});
	});

	it('returns the enrichment signals that were asked for', async () => {
		const { output } = await run(transcribe({ emotionSignal: true, deepfakeSignal: true }), [
			await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav'),
		]);
		const utterance = (output[0][0].json.utterances as IDataObject[])[0];
		assert.ok(utterance.emotion !== null && utterance.emotion !== undefined);
		assert.equal(typeof utterance.deepfake_score, 'number');
	});

	it('fixes a missing or wrong extension from the MIME type and sends a matching type', async () => {
		await run(transcribe(), [
			await binaryItem(wav1, 'recording', 'audio/x-wav'),
			await binaryItem(mp3_1, 'upload.bin', 'audio/mpeg'),
		]);
		const names = modelRequests()
			.map((r) => `${r.files[0].fileName} ${r.files[0].contentType}`)
			.sort();
		assert.deepEqual(names, ['recording.wav audio/wav', 'upload.mp3 audio/mpeg']);
	});

	it('sends an alias extension under its canonical name (.m4a as .mp4)', async () => {
		await run(transcribe(), [await binaryItem(mp3_1, 'voicemail.M4A', 'audio/x-m4a')]);
		assert.equal(modelRequests()[0].files[0].fileName, 'voicemail.mp4');
		assert.equal(modelRequests()[0].files[0].contentType, 'audio/mp4');
	});

	it('refuses an unsupported format before sending, naming the item, the field and the formats', async () => {
		const error = await runError(transcribe(), [await binaryItem(Buffer.from('xyz data'), 'notes.xyz', 'application/octet-stream')]);
		assert.ok(error instanceof NodeOperationError);
		assert.match(error.message, /^Item 0: unsupported file format \.xyz in binary property "data"/);
		assert.match(error.message, /supported: \.aac, \.aiff, \.flac, \.mp3, \.mp4, \.mov, \.ogg, \.opus, \.wav, \.webm/);
		assert.equal(modelRequests().length, 0);
	});

	it('refuses a file over 100 MB before sending', async () => {
		const big = Buffer.alloc(100 * 1024 * 1024 + 1);
		big.write('RIFF');
		const error = await runError(transcribe(), [await binaryItem(big, 'long-call.wav', 'audio/wav')]);
		assert.match(error.message, /Item 0: file too large: "long-call.wav" is 100\.0 MB; Transcribe accepts at most 100\.0 MB/);
		assert.equal(modelRequests().length, 0);
	});

	it('names the missing binary property and the ones that exist', async () => {
		const error = await runError(transcribe(), [await binaryItem(wav1, 'a.wav', 'audio/wav', { property: 'recording' })]);
		assert.match(error.message, /Item 0: no binary property "data"/);
		assert.match(String(error.description), /recording/);
	});
});

describe('Transcribe English (Fast)', () => {
	it('posts to the vfast endpoint with no extra fields and returns text and duration', async () => {
		const { output } = await run({ resource: 'transcription', operation: 'transcribeEnglishFast', options: fast }, [
			await binaryItem(mp3_1, 'call-01-billing.mp3', 'audio/mpeg'),
		]);
		const [request] = modelRequests();
		assert.equal(request.path, '/api/velma-2-stt-batch-english-vfast');
		assert.deepEqual(request.fields, {});
		assert.deepEqual(Object.keys(output[0][0].json).sort(), ['duration_ms', 'text']);
	});
});

describe('Detect Synthetic Voice', () => {
	it('returns the frames and a summary per call', async () => {
		const { output } = await run({ resource: 'deepfake', operation: 'detectSyntheticVoice', options: fast }, [
			await binaryItem(wav3, 'call-03-urgent-transfer.wav', 'audio/wav'),
			await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav'),
		]);
		assert.equal(modelRequests()[0].path, '/api/velma-2-synthetic-voice-detection-batch');
		const [urgent, billing] = output[0].map((i) => i.json as IDataObject);
		assert.equal(urgent.filename, 'call-03-urgent-transfer.wav');
		assert.ok(Array.isArray(urgent.frames) && (urgent.frames as unknown[]).length > 0);
		const frame = (urgent.frames as IDataObject[])[0];
		for (const key of ['start_time_ms', 'end_time_ms', 'verdict', 'confidence']) assert.ok(key in frame);
		assert.equal((urgent.summary as IDataObject).verdict, 'synthetic');
		assert.ok(((urgent.summary as IDataObject).maxSyntheticConfidence as number) > 0.5);
		assert.ok(((urgent.summary as IDataObject).syntheticSeconds as number) > 0);
		assert.equal((billing.summary as IDataObject).verdict, 'non-synthetic');
	});
});

describe('Redact PII/PHI', () => {
	it('parses the multipart answer: metadata as JSON, the redacted MP3 as binary replacing the input', async () => {
		const { output } = await run(
			{ resource: 'redaction', operation: 'redactPiiPhi', options: { ...fast, startRedactionPaddingMs: 50, endRedactionPaddingMs: 20 } },
			[await binaryItem(wav2, 'call-02-clinic.wav', 'audio/wav')],
		);
		const [request] = modelRequests();
		assert.equal(request.path, '/api/velma-2-pii-phi-redaction-batch');
		assert.deepEqual(request.fields, { speaker_diarization: 'true', start_redaction_padding_ms: '50', end_redaction_padding_ms: '20' });
		const item = output[0][0];
		const json = item.json as IDataObject;
		for (const key of ['text', 'duration_ms', 'utterances', 'redaction_ranges']) assert.ok(key in json, key);
		assert.ok((json.redactionCount as number) > 0);
		assert.match(String(json.text), /<(pii:[a-z_]+|phi)>/);
		assert.deepEqual(Object.keys(item.binary ?? {}), ['data']);
		const binary = item.binary!.data;
		assert.equal(binary.mimeType, 'audio/mpeg');
		assert.equal(binary.fileName, 'call-02-clinic-redacted.mp3');
		const mp3 = await readBinary(binary);
		assert.ok(mp3.length > 1000);
		assert.ok(mp3.subarray(0, 3).toString() === 'ID3' || (mp3[0] === 0xff && (mp3[1] & 0xe0) === 0xe0), 'MP3 frame sync or ID3');
	});

	it('keeps the original audio only when asked, and writes to the chosen field', async () => {
		const { output } = await run(
			{ resource: 'redaction', operation: 'redactPiiPhi', options: { ...fast, keepOriginalAudio: true, outputBinaryPropertyName: 'redacted' } },
			[await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav')],
		);
		assert.deepEqual(Object.keys(output[0][0].binary ?? {}).sort(), ['data', 'redacted']);
	});
});

describe('errors and retries', () => {
	const item = () => binaryItem(wav1, 'call-01-billing.wav', 'audio/wav');

	it('a wrong key fails at once: 401, "API key rejected", one request, no key in the error', async () => {
		const error = await runError(transcribe(), [await item()], { apiKey: 'mk_wrong_key_123456' });
		assert.ok(error instanceof NodeApiError);
		assert.equal(error.httpCode, '401');
		assert.match(error.message, /API key rejected/);
		assert.equal(modelRequests().length, 1);
		assert.deepEqual(findSecret('mk_wrong_key_123456', error, error.message, error.description), []);
	});

	it('a model not enabled fails at once with a 403 that says so', async () => {
		emulator.state.configure({ modelsKeys: { [DEFAULT_MODELS_KEY]: { disabledModels: ['velma-2-stt-batch'] } } });
		const error = await runError(transcribe(), [await item()]);
		assert.equal((error as NodeApiError).httpCode, '403');
		assert.match(error.message, /model not enabled for this organization \(velma-2-stt-batch\)/);
		assert.match(String(error.description), /This request is not permitted/);
		assert.equal(modelRequests().length, 1);
	});

	it('an exhausted quota fails at once with a 429 that names the quota', async () => {
		emulator.state.configure({ modelsKeys: { [DEFAULT_MODELS_KEY]: { quotaExhausted: true } } });
		const error = await runError(transcribe(), [await item()]);
		assert.equal((error as NodeApiError).httpCode, '429');
		assert.match(error.message, /monthly quota exhausted/);
		assert.equal(modelRequests().length, 1);
	});

	const transient: Array<[string, string[], number]> = [
		['a concurrent-limit 429', ['concurrent429', 'concurrent429'], 3],
		['503 then 500', ['status503', 'status500'], 3],
		['502 and 504', ['status502', 'status504'], 3],
		['an HTML 502 from a proxy', ['html502'], 2],
		['a connection reset', ['reset'], 2],
	];
	for (const [name, script, expected] of transient) {
		it(`retries ${name} and succeeds (${expected} requests)`, async () => {
			emulator.state.configure({ faults: { script: script as never } });
			const { output } = await run(transcribe(), [await item()]);
			assert.equal(modelRequests().length, expected);
			assert.ok('text' in output[0][0].json);
		});
	}

	it('the 403 concurrent limit of the synthetic-voice endpoint is retried', async () => {
		emulator.state.configure({ modelsKeys: { [DEFAULT_MODELS_KEY]: { concurrency: 1 } } });
		const items = await Promise.all([wav1, wav3].map((b, i) => binaryItem(b, `c${i}.wav`, 'audio/wav')));
		emulator.state.configure({ processingMs: { 'velma-2-synthetic-voice-detection-batch': 100 } });
		const { output } = await run({ resource: 'deepfake', operation: 'detectSyntheticVoice', options: { ...fast, maxConcurrentRequests: 2, maxRetries: 8 } }, items);
		assert.equal(output[0].length, 2);
		assert.ok(modelRequests().some((r) => r.status === 403), 'the limit was hit');
		assert.ok(output[0].every((o) => 'summary' in o.json));
	});

	it('gives up after Max Retries on a persistent 5xx: 1 + maxRetries requests, the count in the message', async () => {
		emulator.state.configure({ faults: { rates: { status503: 1 } } });
		const error = await runError(transcribe({ maxRetries: 2 }), [await item()]);
		assert.equal(modelRequests().length, 3);
		assert.equal((error as NodeApiError).httpCode, '503');
		assert.match(error.message, /Modulate server error \(503\).*Gave up after 3 attempts/);
	});

	it('honours Retry-After between attempts', async () => {
		emulator.state.configure({ faults: { script: ['status503'], retryAfterSeconds: 1 } });
		await run(transcribe(), [await item()]);
		const [first, second] = modelRequests();
		assert.ok(second.startedAt - first.endedAt >= 900, `waited ${second.startedAt - first.endedAt} ms`);
	});

	it('times out a slow answer, retries it, and says how to fix it', async () => {
		emulator.state.configure({ faults: { rates: { slow: 1 }, slowMs: 1500 } });
		const error = await runError(transcribe({ timeoutSeconds: 1, maxRetries: 1 }), [await item()]);
		await new Promise((r) => setTimeout(r, 1000));
		assert.equal((await waitForRequests(3, (r) => r.fault === 'slow', 1000)).length, 2);
		assert.match(error.message, /no answer from Modulate within 1 s.*Timeout \(Seconds\)/);
	});

	it('stops retrying at once when the execution is cancelled', async () => {
		emulator.state.configure({ faults: { rates: { status503: 1 } } });
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 300);
		const started = Date.now();
		await assert.rejects(
			run(transcribe({ retryInitialDelayMs: 60_000, maxRetries: 5 }), [await item()], { abortSignal: controller.signal }),
			/cancelled/,
		);
		assert.ok(Date.now() - started < 5000);
		assert.equal(modelRequests().filter((r) => r.fault === 'status503').length, 1);
	});
});

describe('items: order, pairing, continue on fail', () => {
	it('keeps input order and pairing under concurrency, within the limit', async () => {
		emulator.state.configure({ processingMs: { 'velma-2-stt-batch-english-vfast': 40 } });
		const sources = [wav1, wav2, wav3, mp3_1, wav3, wav2, wav1, mp3_1];
		const items = await Promise.all(
			sources.map((b, i) => binaryItem(b, `call-${i}.${b === mp3_1 ? 'mp3' : 'wav'}`, b === mp3_1 ? 'audio/mpeg' : 'audio/wav', { json: { n: i } })),
		);
		const { output } = await run({ resource: 'transcription', operation: 'transcribeEnglishFast', options: { ...fast, maxConcurrentRequests: 3 } }, items);
		assert.equal(output[0].length, 8);
		output[0].forEach((o, i) => assert.deepEqual(o.pairedItem, { item: i }));
		const single = new Map<Buffer, string>();
		for (const b of [wav1, wav2, wav3, mp3_1]) {
			emulator.state.reset();
			const r = await run({ resource: 'transcription', operation: 'transcribeEnglishFast', options: fast }, [await binaryItem(b, 'x.' + (b === mp3_1 ? 'mp3' : 'wav'), b === mp3_1 ? 'audio/mpeg' : 'audio/wav')]);
			single.set(b, String(r.output[0][0].json.text));
		}
		output[0].forEach((o, i) => assert.equal(o.json.text, single.get(sources[i]), `item ${i}`));
	});

	it('never exceeds Max Concurrent Requests against the server', async () => {
		emulator.state.configure({ processingMs: { 'velma-2-stt-batch-english-vfast': 50 } });
		const items = await Promise.all(Array.from({ length: 10 }, (_, i) => binaryItem(wav1, `c${i}.wav`, 'audio/wav')));
		await run({ resource: 'transcription', operation: 'transcribeEnglishFast', options: { ...fast, maxConcurrentRequests: 3 } }, items);
		assert.equal(Math.max(...emulator.state.peakInflight.values()), 3);
	});

	it('with continue on fail, a bad item becomes an error item in place, routable by category', async () => {
		const items = [
			await binaryItem(wav1, 'a.wav', 'audio/wav'),
			await binaryItem(Buffer.from('nope'), 'b.xyz', 'application/octet-stream'),
			await binaryItem(wav2, 'c.wav', 'audio/wav'),
		];
		const { output } = await run(transcribe({ maxConcurrentRequests: 2 }), items, { continueOnFail: true });
		assert.equal(output[0].length, 3);
		output[0].forEach((o, i) => assert.deepEqual(o.pairedItem, { item: i }));
		assert.ok('text' in output[0][0].json && 'text' in output[0][2].json);
		const bad = output[0][1].json;
		assert.match(String(bad.error), /unsupported file format \.xyz/);
		assert.equal(bad.category, 'unsupportedFormat');
		assert.equal(bad.retryable, false);
		assert.equal(bad.httpCode, null);
	});

	it('with continue on fail, API errors carry httpCode, category and retryable, and never the key', async () => {
		const key = 'mk_not_a_real_key_987';
		const { output, logs } = await run(transcribe(), [await binaryItem(wav1, 'a.wav', 'audio/wav')], { apiKey: key, continueOnFail: true });
		assert.deepEqual(
			{ httpCode: output[0][0].json.httpCode, category: output[0][0].json.category, retryable: output[0][0].json.retryable },
			{ httpCode: '401', category: 'invalidCredentials', retryable: false },
		);
		assert.deepEqual(findSecret(key, output, logs), []);
	});

	it('with "Continue (using error output)", a failed item goes to the error output, paired, the good ones stay', async () => {
		const items = [await binaryItem(wav1, 'a.wav', 'audio/wav'), await binaryItem(Buffer.from('x'), 'b.xyz', 'application/octet-stream')];
		const { output } = await runNode(node, {
			parameters: transcribe(),
			items,
			credentials: creds(),
			credentialTypes,
			onError: 'continueErrorOutput',
		});
		assert.equal(output[0].length, 1);
		assert.deepEqual(output[0][0].pairedItem, { item: 0 });
		assert.equal(output[1].length, 1);
		assert.deepEqual(output[1][0].pairedItem, { item: 1 });
		const error = output[1][0].json.error as IDataObject;
		assert.match(String(error.message), /unsupported file format \.xyz/);
		assert.equal(error.category, 'unsupportedFormat');
		assert.equal(error.retryable, false);
	});

	it('never puts the API key in outputs, errors or logs, across error classes', async () => {
		const scenarios: Array<() => void> = [
			() => emulator.state.configure({ faults: { rates: { status500: 1 } } }),
			() => emulator.state.configure({ faults: { rates: { html502: 1 } } }),
			() => emulator.state.configure({ modelsKeys: { [DEFAULT_MODELS_KEY]: { quotaExhausted: true } } }),
			() => emulator.state.configure({ modelsKeys: { [DEFAULT_MODELS_KEY]: { disabledModels: ['velma-2-stt-batch'] } } }),
		];
		for (const setUp of scenarios) {
			emulator.state.reset();
			setUp();
			let caught: unknown;
			let result: unknown;
			try {
				result = await run(transcribe({ maxRetries: 1 }), [await binaryItem(wav1, 'a.wav', 'audio/wav')]);
			} catch (error) {
				caught = error;
			}
			assert.ok(caught, 'failed');
			assert.deepEqual(findSecret(DEFAULT_MODELS_KEY, caught, result, (caught as { harnessLogs?: string[] }).harnessLogs), []);
		}
	});
});

describe('credential test', () => {
	it('passes for the right key and fails, naming the cause, for a wrong one', async () => {
		const ok = await testCredential(new ModulateApi(), { apiKey: DEFAULT_MODELS_KEY, baseUrl: emulator.url });
		assert.equal(ok.status, 'OK');
		assert.equal(emulator.state.requests.at(-1)?.path, '/api/velma-2-batch/list-presets');
		const bad = await testCredential(new ModulateApi(), { apiKey: 'mk_wrong', baseUrl: emulator.url });
		assert.equal(bad.status, 'Error');
		assert.match(bad.message, /API key rejected/);
	});

	it('does not call a key without conversation-analysis access invalid', async () => {
		emulator.state.configure({ modelsKeys: { [DEFAULT_MODELS_KEY]: { disabledModels: ['velma-2-batch'] } } });
		const result = await testCredential(new ModulateApi(), { apiKey: DEFAULT_MODELS_KEY, baseUrl: emulator.url });
		// Issue 10: Modulate answers an unknown key with the same 403, so the test says it cannot tell.
		assert.equal(result.status, 'Error');
		assert.doesNotMatch(result.message, /API key rejected/);
		assert.match(result.message, /cannot tell/);
	});

	it('fails for a wrong key answered in the 403 style of other doc versions', async () => {
		emulator.state.configure({ badKeyHttpStatus: 403 });
		const result = await testCredential(new ModulateApi(), { apiKey: 'mk_wrong', baseUrl: emulator.url });
		assert.equal(result.status, 'Error');
		assert.match(result.message, /API key rejected/);
	});

	it('fails for a missing key (FastAPI 422)', async () => {
		const result = await testCredential(new ModulateApi(), { apiKey: '', baseUrl: emulator.url });
		assert.equal(result.status, 'Error');
	});
});
