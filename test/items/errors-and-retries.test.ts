/**
 * What a failed call does to an item, through the Modulate node's batch operations against the emulator: the
 * errors that fail at once (with the cause in the message and no key), the transient ones retried with
 * backoff, Retry-After, timeouts and cancellation. The classification and retry units are in test/transport/.
 */
import assert from 'node:assert/strict';
import { NodeApiError } from 'n8n-workflow';
import type { RecordedRequest } from '../emulator/state';
import { DEFAULT_MODELS_KEY } from '../emulator/state';
import { binaryItem, findSecret } from '../helpers/n8n';
import { fast, transcribe, useModulate, wav1, wav3 } from '../modulate/support';

const { emulator, run, runError, modelRequests } = useModulate();

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
		const running = run(transcribe({ retryInitialDelayMs: 60_000, maxRetries: 5 }), [await item()], { abortSignal: controller.signal });
		// Cancel once the first attempt has been answered, so the node is in its (long) backoff, whatever the
		// machine's speed; without the cancel it would sit out that backoff past the test's timeout.
		assert.equal((await waitForRequests(1, (r) => r.fault === 'status503', 30_000)).length, 1);
		controller.abort();
		await assert.rejects(running, /cancelled/);
		assert.equal(modelRequests().filter((r) => r.fault === 'status503').length, 1);
	});
});
