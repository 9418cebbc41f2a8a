/**
 * The Modulate node's four streaming operations, run through n8n-core's real execution context and binary
 * store against the emulator's WebSocket endpoints. Assertions are on what crossed the wire (the emulator's
 * request log: query, text frames, binary bytes, close codes) and on what came out (items, binaries, errors).
 *
 * On Node 20 (no global WebSocket) the node is given the `ws` package's client through the test-only setter;
 * with STREAMING_GLOBAL_WEBSOCKET=1 on Node ≥ 22 the runtime's own global WebSocket is used instead.
 */
import assert from 'node:assert/strict';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import WebSocket from 'ws';
import { DEFAULT_MODELS_KEY } from '../emulator/state';
import type { RecordedRequest } from '../emulator/state';
import { configureStreaming } from '../emulator/streaming';
import { mp3ClipLabels, testPcm, testWav } from '../emulator/streaming/audio';
import { useEmulator } from '../helpers/emulator';
import { binaryItem, findSecret, readBinary } from '../helpers/n8n';
import { modulateRunner } from '../helpers/modulateRunner';
import { setWebSocketImplementation } from '../../nodes/Modulate/streaming/websocket';
import type { WebSocketConstructor } from '../../nodes/Modulate/streaming/websocket';

const useGlobal = process.env.STREAMING_GLOBAL_WEBSOCKET === '1';
const hasGlobal = typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'function';

const emulator = useEmulator();
const { run, runError } = modulateRunner(() => emulator.url);

beforeAll(() => {
	if (useGlobal) assert.ok(hasGlobal, 'STREAMING_GLOBAL_WEBSOCKET=1 needs Node >= 22');
	else setWebSocketImplementation(WebSocket as unknown as WebSocketConstructor);
});
afterAll(() => {
	setWebSocketImplementation(undefined);
});

/** Fast retries for tests. */
const fast = { retryInitialDelayMs: 5 };

const streams = (): RecordedRequest[] => emulator.state.requests.filter((r) => r.surface === 'streaming');
const params = (resource: string, operation: string, options: IDataObject = {}): INodeParameters => ({
	resource,
	operation,
	options: { ...fast, ...options },
});
const stt = (options: IDataObject = {}) => params('transcription', 'transcribeStreaming', options);
const v2 = (options: IDataObject = {}) => params('transcription', 'transcribeEnglishV2Streaming', options);
const svd = (options: IDataObject = {}) => params('deepfake', 'detectSyntheticVoiceStreaming', options);
const pii = (options: IDataObject = {}) => params('redaction', 'redactPiiPhiStreaming', options);

/** 10 s of 16 kHz mono speech-like tone with a silent gap from 3.8 s to 8.5 s. */
const wav10 = testWav({ durationMs: 10_000, toneRanges: [[0, 3800], [8500, 10_000]] });
const WAV_HEADER = 44;
const wav = () => binaryItem(testWav({ durationMs: 3000 }), 'a.wav', 'audio/wav');

describe('Transcribe (Streaming)', () => {
	it('parses the WAV, sends its PCM as s16le with the first-frame config, and aggregates utterances like batch', async () => {
		const { output } = await run(stt(), [await binaryItem(wav10, 'call.wav', 'audio/wav')]);
		const [s] = streams();
		assert.equal(s.path, '/api/velma-2-stt-streaming');
		assert.equal(s.status, 1000);
		assert.equal(s.query.api_key, DEFAULT_MODELS_KEY);
		assert.equal(s.query.audio_format, 's16le');
		assert.equal(s.query.sample_rate, '16000');
		assert.equal(s.query.num_channels, '1');
		assert.equal(s.binaryBytes, wav10.length - WAV_HEADER, 'the header is not sent, only the PCM');
		assert.equal(s.textFrames!.length, 2);
		assert.deepEqual(JSON.parse(s.textFrames![0]), {
			speaker_diarization: true,
			emotion_signal: false,
			accent_signal: false,
			deepfake_signal: false,
			pii_phi_tagging: false,
			partial_results: false,
		});
		assert.equal(s.textFrames![1], '', 'the empty text frame ends the audio');

		const item = output[0][0];
		assert.deepEqual(item.pairedItem, { item: 0 });
		const json = item.json as IDataObject;
		assert.equal(json.duration_ms, 10_000);
		const utterances = json.utterances as IDataObject[];
		// 0–4 s has sound, 4–8 s is silent, 8–10 s has sound (the final partial segment)
		assert.deepEqual(utterances.map((u) => u.start_ms), [0, 8000]);
		assert.equal(json.text, utterances.map((u) => u.text).join(' '));
		assert.deepEqual(Object.keys(utterances[0]).sort(), [
			'accent', 'deepfake_score', 'duration_ms', 'emotion', 'language', 'speaker', 'start_ms', 'text', 'utterance_uuid',
		]);
		assert.equal(json.events, undefined);
	});

	it('sends every feature option in the config frame and keeps partials only in the raw events', async () => {
		const { output } = await run(
			stt({
				emotionSignal: true,
				accentSignal: true,
				deepfakeSignal: true,
				piiPhiTagging: true,
				speakerDiarization: false,
				partialResults: true,
				language: 'en-US',
				customTerms: { terms: [{ term: 'VELMA' }, { term: 'Modulate', definition: 'voice AI company', pronunciations: 'MOD-yoo-layt' }] },
				includeRawEvents: true,
			}),
			[await binaryItem(testWav({ durationMs: 9000 }), 'call.wav', 'audio/wav', { mode: 'default' })],
		);
		const [s] = streams();
		assert.deepEqual(JSON.parse(s.textFrames![0]), {
			speaker_diarization: false,
			emotion_signal: true,
			accent_signal: true,
			deepfake_signal: true,
			pii_phi_tagging: true,
			partial_results: true,
			language: 'en-US',
			custom_terms: ['VELMA', { term: 'Modulate', definition: 'voice AI company', pronunciations: ['MOD-yoo-layt'] }],
		});
		const json = output[0][0].json as IDataObject;
		const utterances = json.utterances as IDataObject[];
		assert.equal(utterances.length, 3);
		assert.match(String(utterances[0].text), /VELMA/, 'the custom term reached the model');
		assert.match(String(utterances[1].text), /<pii:name>John Smith<\/pii:name>/);
		assert.ok(utterances.every((u) => u.speaker === 1 && typeof u.emotion === 'string' && u.language === 'en'));
		const events = json.events as IDataObject[];
		assert.ok(events.some((e) => e.type === 'partial_utterance'), 'partials are in the raw events');
		assert.equal(events.filter((e) => e.type === 'utterance').length, 3);
		assert.equal(events.at(-1)!.type, 'done');
	});

	it('streams a headerless PCM file with the raw format, sample rate and channels given as options', async () => {
		const pcm = testPcm({ durationMs: 5000, sampleRate: 8000, channels: 2 });
		const { output } = await run(stt({ audioFormat: 's16le', sampleRate: 8000, numChannels: 2, chunkSizeKb: 4 }), [
			await binaryItem(pcm, 'call.pcm', 'application/octet-stream'),
		]);
		const [s] = streams();
		assert.deepEqual([s.query.audio_format, s.query.sample_rate, s.query.num_channels], ['s16le', '8000', '2']);
		assert.equal(s.binaryBytes, pcm.length);
		assert.equal((output[0][0].json as IDataObject).duration_ms, 5000);
	});

	it('sends an MP3 as its own container, without sample rate or channels', async () => {
		const mp3 = Buffer.alloc(48_000, 0); // 3 s at the emulator's assumed 128 kbit/s
		mp3.write('ID3', 0, 'latin1');
		const { output } = await run(stt(), [await binaryItem(mp3, 'call.mp3', 'audio/mpeg')]);
		const [s] = streams();
		assert.equal(s.query.audio_format, 'mp3');
		assert.equal(s.query.sample_rate, undefined);
		assert.equal(s.query.num_channels, undefined);
		assert.equal(s.binaryBytes, mp3.length);
		assert.equal((output[0][0].json as IDataObject).duration_ms, 3000);
	});

	it('sends a WAV whose rate has no raw equivalent as a wav container', async () => {
		const odd = testWav({ durationMs: 1000, sampleRate: 12_000 });
		await run(stt(), [await binaryItem(odd, 'odd.wav', 'audio/wav')]);
		const [s] = streams();
		assert.equal(s.query.audio_format, 'wav');
		assert.equal(s.binaryBytes, odd.length);
	});
});

describe('Transcribe English v2 (Streaming)', () => {
	it('returns the final transcript and duration, shaped like the batch English (Fast) output', async () => {
		const { output } = await run(v2({ includeRawEvents: true }), [await binaryItem(testWav({ durationMs: 6000 }), 'a.wav', 'audio/wav')]);
		const [s] = streams();
		assert.equal(s.path, '/api/velma-2-stt-streaming-english-v2');
		assert.equal(s.query.audio_format, 's16le');
		assert.deepEqual(s.textFrames, [''], 'no config frame for English v2');
		const json = output[0][0].json as IDataObject;
		assert.deepEqual(Object.keys(json).sort(), ['duration_ms', 'events', 'text']);
		assert.equal(json.duration_ms, 6000);
		assert.match(String(json.text), /^Thanks for calling velma support.*Hi, my name is John Smith/);
		const events = json.events as IDataObject[];
		assert.equal(events.filter((e) => e.type === 'partial_utterance').length, 4);
	});
});

describe('Detect Synthetic Voice (Streaming)', () => {
	it('collects the frames and adds the same summary as the batch operation', async () => {
		const audio = testWav({ durationMs: 22_000, toneRanges: [[0, 12_000], [16_000, 22_000]] });
		const { output } = await run(svd(), [await binaryItem(audio, 'voice.wav', 'audio/wav')]);
		const [s] = streams();
		assert.equal(s.path, '/api/velma-2-synthetic-voice-detection-streaming');
		assert.equal(s.query.audio_format, 's16le');
		const json = output[0][0].json as IDataObject;
		assert.equal(json.filename, 'voice.wav');
		assert.equal(json.duration_ms, 22_000);
		const frames = json.frames as IDataObject[];
		assert.deepEqual(frames.map((f) => f.verdict), ['non-synthetic', 'non-synthetic', 'non-synthetic', 'no-content', 'synthetic', 'non-synthetic']);
		assert.equal(json.frame_count, 6);
		assert.deepEqual(json.summary, {
			verdict: 'synthetic',
			maxSyntheticConfidence: frames[4].confidence,
			syntheticSeconds: 4,
			syntheticFrames: 1,
			totalFrames: 6,
		});
	});
});

describe('Redact PII/PHI (Streaming)', () => {
	it('reassembles the MP3 clips in order into one redacted binary and returns the utterances', async () => {
		const audio = testWav({ durationMs: 17_000 });
		const input = await binaryItem(audio, 'call-01.wav', 'audio/wav');
		const { output } = await run(pii({ startRedactionPaddingMs: 250, endRedactionPaddingMs: 50, speakerDiarization: false }), [input]);
		const [s] = streams();
		assert.equal(s.path, '/api/velma-2-pii-phi-redaction-streaming');
		assert.equal(s.query.start_redaction_padding_ms, '250');
		assert.equal(s.query.end_redaction_padding_ms, '50');
		assert.equal(s.query.speaker_diarization, 'false');

		const item = output[0][0];
		const json = item.json as IDataObject;
		assert.equal(json.duration_ms, 17_000);
		const utterances = json.utterances as IDataObject[];
		// four finalized utterances (0, 4, 8, 12 s), the out-of-order "Yes." after the fourth, and none for the 1 s tail
		assert.equal(utterances.length, 6);
		assert.ok(utterances.some((u) => u.text === 'Yes.'));
		assert.match(String(json.text), /<pii:name><\/pii:name>/);
		assert.ok(Number(json.redactionCount) >= 3);

		const binary = item.binary!.data;
		assert.equal(binary.fileName, 'call-01-redacted.mp3');
		assert.equal(binary.mimeType, 'audio/mpeg');
		const mp3 = await readBinary(binary);
		assert.deepEqual(mp3ClipLabels(mp3), ['clip0@0-3600', 'clip1@3600-7600', 'clip2@7600-11600', 'clip3@11600-15600', 'clip4@15600-17000']);
		assert.deepEqual(json.redacted_audio_clips, [
			{ start_ms: 0, duration_ms: 3600 },
			{ start_ms: 3600, duration_ms: 4000 },
			{ start_ms: 7600, duration_ms: 4000 },
			{ start_ms: 11600, duration_ms: 4000 },
			{ start_ms: 15600, duration_ms: 1400 },
		]);
	});

	it('keeps the original audio only when asked, and writes to the chosen output field', async () => {
		const input = await binaryItem(testWav({ durationMs: 5000 }), 'a.wav', 'audio/wav');
		const { output } = await run(pii({ outputBinaryPropertyName: 'redacted', keepOriginalAudio: true }), [input]);
		assert.deepEqual(Object.keys(output[0][0].binary!).sort(), ['data', 'redacted']);
	});
});

describe('input and parameter errors', () => {
	it('refuses a container the endpoint does not take, listing the formats, without connecting', async () => {
		const error = await runError(stt(), [await binaryItem(Buffer.alloc(1000, 1), 'call.wma', 'audio/x-ms-wma')]);
		assert.ok(error instanceof NodeOperationError);
		assert.match(error.message, /unsupported file format \.wma/);
		assert.match(error.message, /\.wav, \.mp3, \.ogg, \.flac, \.webm, \.aac, \.aiff/);
		assert.equal(streams().length, 0);
	});

	it('refuses a raw sample rate Modulate does not take', async () => {
		const error = await runError(stt({ audioFormat: 's16le', sampleRate: 12_000 }), [await binaryItem(Buffer.alloc(100), 'a.pcm', 'application/octet-stream')]);
		assert.match(error.message, /Sample Rate 12000 Hz is not one Modulate takes/);
		assert.equal(streams().length, 0);
	});

	it('refuses an invalid language before connecting', async () => {
		const error = await runError(stt({ language: 'english!' }), [await binaryItem(testWav({ durationMs: 500 }), 'a.wav', 'audio/wav')]);
		assert.match(error.message, /Language "english!" is not a language code/);
	});

	it('reports a truncated WAV header clearly', async () => {
		const error = await runError(stt(), [await binaryItem(Buffer.from('RIFF\x00\x00\x00\x00WAVEfmt ', 'latin1'), 'bad.wav', 'audio/wav')]);
		assert.match(error.message, /"bad.wav" is not a readable WAV file/);
	});
});

describe('close codes', () => {
	it('1003: the spec message becomes the description, not retried', async () => {
		configureStreaming(emulator.state, { handshakeClose: { code: 1003, error: "Invalid sample_rate=50000. Valid values: [8000, 11025, 16000, 22050, 32000, 44100, 48000, 96000]" } });
		const error = await runError(stt(), [await wav()]);
		assert.match(error.message, /^Transcribe \(Streaming\) \(velma-2-stt-streaming\): streaming parameters rejected \(close code 1003\)/);
		assert.equal(error.description, 'Modulate said: Invalid sample_rate=50000. Valid values: [8000, 11025, 16000, 22050, 32000, 44100, 48000, 96000]');
		assert.equal(error.context.category, 'badRequest');
		assert.equal(error.context.retryable, false);
		assert.equal(streams().length, 1);
	});

	it('4002: raw PCM declared for container bytes', async () => {
		const error = await runError(v2({ audioFormat: 's16le' }), [await binaryItem(testWav({ durationMs: 1000 }), 'a.wav', 'audio/wav')]);
		assert.match(error.message, /does not match the declared format .*\(close code 4002\)/);
		assert.equal(error.description, 'Modulate said: Audio data does not match the declared audio_format.');
		assert.equal(error.context.category, 'unsupportedFormat');
		assert.equal(streams()[0].status, 4002);
	});

	for (const code of [4003, 4001] as const) {
		it(`${code}: a bad key fails at once, and the key appears in no error text or log`, async () => {
			emulator.state.configure({ badKeyWsCloseCode: code });
			const badKey = 'mk_wrong_key_7d2e9c1b55';
			let caught: unknown;
			try {
				await run(stt(), [await wav()], { apiKey: badKey });
			} catch (error) {
				caught = error;
			}
			const error = caught as NodeApiError;
			assert.ok(error, 'the node failed');
			assert.equal(streams().length, 1, 'not retried');
			assert.equal(streams()[0].status, code);
			assert.match(error.message, code === 4001 ? /API key rejected \(close code 4001\)/ : /API key rejected, or velma-2-stt-streaming not enabled .*\(close code 4003\)/);
			assert.equal(error.context.category, code === 4001 ? 'invalidCredentials' : 'permissionDenied');
			assert.deepEqual(findSecret(badKey, error, (error as { harnessLogs?: unknown }).harnessLogs), []);

			const { output, logs } = await run(stt(), [await wav()], { apiKey: badKey, continueOnFail: true });
			const json = output[0][0].json as IDataObject;
			assert.equal(json.httpCode, String(code));
			assert.equal(json.retryable, false);
			assert.deepEqual(findSecret(badKey, output, logs), []);
		});
	}

	it('4003 for a model the organization lacks', async () => {
		emulator.state.configure({ modelsKeys: { [DEFAULT_MODELS_KEY]: { disabledModels: ['velma-2-synthetic-voice-detection-streaming'] } } });
		const error = await runError(svd(), [await wav()]);
		assert.match(error.message, /not enabled for this organization \(close code 4003\)/);
		assert.equal(error.description, 'Modulate said: This request is not permitted.');
	});

	it('4029 for credits: permanent, not retried', async () => {
		emulator.state.configure({ modelsKeys: { [DEFAULT_MODELS_KEY]: { quotaExhausted: true } } });
		const error = await runError(pii(), [await wav()]);
		assert.match(error.message, /monthly quota exhausted or credits used up \(close code 4029\)/);
		assert.equal(error.context.category, 'quotaExhausted');
		assert.equal(streams().length, 1);
	});

	it('4029 for the concurrent limit: retried with backoff until a slot frees', async () => {
		emulator.state.configure({ modelsKeys: { [DEFAULT_MODELS_KEY]: { concurrency: 1 } } });
		const items = await Promise.all([0, 1, 2].map(() => wav()));
		const { output } = await run(stt({ maxConcurrentRequests: 3, maxRetries: 8 }), items);
		assert.equal(output[0].length, 3);
		assert.deepEqual(output[0].map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }, { item: 2 }]);
		assert.ok(output[0].every((i) => (i.json as IDataObject).duration_ms === 3000));
		assert.ok(streams().some((r) => r.status === 4029), 'the limit was hit');
		assert.equal(streams().filter((r) => r.status === 1000).length, 3);
	});

	it('4029 for the concurrent limit: gives up after Max Retries', async () => {
		emulator.state.configure({ faults: { script: ['concurrent429', 'concurrent429', 'concurrent429'] } });
		const error = await runError(stt({ maxRetries: 2 }), [await wav()]);
		assert.match(error.message, /concurrent request limit reached .*\(close code 4029\).*Gave up after 3 attempts/);
		assert.equal(streams().length, 3);
	});

	it('1011 mid-stream: retried from the start of the file', async () => {
		emulator.state.configure({ faults: { script: ['close1011'] } });
		const audio = testWav({ durationMs: 5000 });
		const { output } = await run(stt(), [await binaryItem(audio, 'a.wav', 'audio/wav')]);
		const [first, second] = streams();
		assert.equal(first.status, 1011);
		assert.equal(first.fault, 'close1011');
		assert.equal(second.status, 1000);
		assert.equal(second.binaryBytes, audio.length - WAV_HEADER, 'the retry sent the whole file again');
		assert.equal((output[0][0].json as IDataObject).duration_ms, 5000);
		assert.equal((output[0][0].json as IDataObject & { utterances: unknown[] }).utterances.length, 2, 'no duplicates from the failed attempt');
	});

	it('1011 with no retries left: reported as a server error', async () => {
		emulator.state.configure({ faults: { script: ['close1011'] } });
		const error = await runError(stt({ maxRetries: 0 }), [await wav()]);
		assert.match(error.message, /Modulate server error mid-stream \(close code 1011\)/);
		assert.equal(error.description, 'Modulate said: Internal server error');
		assert.equal(error.context.retryable, true);
	});

	it('an error frame then 4003 mid-stream: not retried, the frame is the description', async () => {
		emulator.state.configure({ faults: { script: ['error4003'] } });
		const error = await runError(svd(), [await wav()]);
		assert.equal(streams().length, 1);
		assert.equal(streams()[0].status, 4003);
		assert.equal(error.description, 'Modulate said: This request is not permitted.');
	});
});

describe('dropped and stalled connections', () => {
	it('a mid-stream drop is retried from the start of the file', async () => {
		emulator.state.configure({ faults: { script: ['drop'], scriptPath: 'redaction' } });
		const audio = testWav({ durationMs: 6000 });
		const { output } = await run(pii(), [await binaryItem(audio, 'a.wav', 'audio/wav')]);
		const [first, second] = streams();
		assert.equal(first.fault, 'drop');
		assert.equal(first.status, 0);
		assert.equal(second.status, 1000);
		const mp3 = await readBinary(output[0][0].binary!.data);
		assert.deepEqual(mp3ClipLabels(mp3), ['clip0@0-3600', 'clip1@3600-6000'], 'only the successful attempt\'s clips');
	});

	it('a drop with no retries left names the dropped connection', async () => {
		emulator.state.configure({ faults: { script: ['drop'] } });
		const error = await runError(v2({ maxRetries: 0 }), [await wav()]);
		assert.match(error.message, /connection to Modulate dropped mid-stream \(close code 1006\)/);
		assert.equal(error.context.category, 'network');
	});

	it('a stalled stream is closed after the idle timeout and reported', async () => {
		emulator.state.configure({ faults: { script: ['stall'] } });
		const error = await runError(stt({ idleTimeoutSeconds: 1, maxRetries: 0 }), [await wav()]);
		assert.match(error.message, /no answer from Modulate for 1 s \(idle timeout\); the connection was closed/);
		assert.equal(error.context.category, 'timeout');
		// the node closed the socket itself: the emulator saw a normal close from the client
		await new Promise((r) => setTimeout(r, 100));
		assert.equal(streams()[0].fault, 'stall');
	});

	it('a stalled stream is retried (a stall is transient)', async () => {
		emulator.state.configure({ faults: { script: ['stall'] } });
		const { output } = await run(svd({ idleTimeoutSeconds: 1 }), [await wav()]);
		assert.equal((output[0][0].json as IDataObject).duration_ms, 3000);
		await new Promise((r) => setTimeout(r, 100));
		assert.equal(streams().length, 2);
	});
});

// Skipped where the runtime has a global WebSocket (Node >= 22): the failure it checks cannot happen there.
(hasGlobal ? describe.skip : describe)('runtime without a global WebSocket', () => {
	it('fails with a message naming Node.js 22 / n8n 2.x', async () => {
		setWebSocketImplementation(undefined);
		try {
			const error = await runError(stt(), [await binaryItem(testWav({ durationMs: 500 }), 'a.wav', 'audio/wav')]);
			assert.match(error.message, /Node\.js 22 or newer, which every n8n 2\.x uses/);
			assert.equal(streams().length, 0);
		} finally {
			if (!useGlobal) setWebSocketImplementation(WebSocket as unknown as WebSocketConstructor);
		}
	});
});
