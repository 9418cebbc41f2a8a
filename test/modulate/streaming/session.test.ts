/**
 * The streaming session every streaming operation shares, through n8n-core's real execution context against
 * the emulator's WebSocket endpoints: input and parameter checks before connecting, close codes, retries,
 * dropped and stalled connections, and a runtime without a WebSocket client.
 */
import assert from 'node:assert/strict';
import { NodeOperationError } from 'n8n-workflow';
import type { NodeApiError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';
import WebSocket from 'ws';
import { setWebSocketImplementation } from '../../../nodes/Modulate/streaming/websocket';
import type { WebSocketConstructor } from '../../../nodes/Modulate/streaming/websocket';
import { DEFAULT_MODELS_KEY } from '../../emulator/state';
import { configureStreaming } from '../../emulator/streaming';
import { mp3ClipLabels, testWav } from '../../emulator/audio';
import { binaryItem, findSecret, readBinary } from '../../helpers/n8n';
import { hasGlobal, pii, stt, svd, useGlobal, useModulate, useWebSocketClient, v2, WAV_HEADER, wav } from '../support';

const { emulator, run, runError, streams } = useModulate();
useWebSocketClient();

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
