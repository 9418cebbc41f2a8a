/**
 * Auto concurrency through the Modulate node against the emulator's per-key concurrent limit: the window
 * finds the limit without losing an item, a refusal for the limit costs no retry, and each model of an
 * execution has its own window. Nothing here depends on how fast requests run: the assertions hold
 * whether or not a request was ever refused (the number of refusals is only reported).
 */
import assert from 'node:assert/strict';
import { DEFAULT_MODELS_KEY } from '../emulator/state';
import { binaryItem } from '../helpers/n8n';
import { fast, useModulate, wav1 } from '../modulate/support';

const { emulator, run, modelRequests } = useModulate();
const MODEL = 'velma-2-stt-batch';

async function items(count: number) {
	return await Promise.all(Array.from({ length: count }, (_, i) => binaryItem(wav1, `auto-${i}.wav`, 'audio/wav', { json: { n: i } })));
}

describe('Auto concurrency against an unknown limit', () => {
	it('ceiling 16 against a limit of 4: no failed item, every item sent once, refusals cost no retry', async () => {
		emulator.state.configure({
			modelsKeys: { [DEFAULT_MODELS_KEY]: { concurrency: 4 } },
			processingMs: { [MODEL]: 60 },
		});
		// No retries at all: an item whose refusal were counted as a retry would fail.
		const { output } = await run(
			{ resource: 'transcription', operation: 'transcribe', options: { ...fast, maxConcurrentRequests: 16, maxRetries: 0 } },
			await items(24),
			{ continueOnFail: true },
		);
		assert.equal(output[0].length, 24);
		output[0].forEach((o, i) => {
			assert.deepEqual(o.pairedItem, { item: i });
			assert.equal(o.json.error, undefined, `item ${i}: ${String(o.json.error)}`);
			assert.equal(typeof o.json.text, 'string');
		});
		const requests = modelRequests();
		const answered = requests.filter((r) => r.status === 200);
		const refused = requests.filter((r) => r.status === 429);
		assert.equal(answered.length, 24);
		assert.equal(refused.length, requests.length - 24, 'only refusals were sent more than once');
		const names = answered.map((r) => r.files[0]?.fileName).sort();
		assert.deepEqual(names, Array.from({ length: 24 }, (_, i) => `auto-${i}.wav`).sort());
		// The emulator's limit held: it refused what was over it and never ran more than 4 at once.
		assert.ok((emulator.state.peakInflight.get(`${DEFAULT_MODELS_KEY}|${MODEL}`) ?? 0) <= 4);
		console.log(`auto vs limit 4: ${refused.length} refused of ${requests.length} requests`);
	});

	it('Fixed above the limit still counts a refusal as a retry (the old behaviour)', async () => {
		emulator.state.configure({
			modelsKeys: { [DEFAULT_MODELS_KEY]: { concurrency: 1 } },
			faults: { script: ['concurrent429'], scriptPath: MODEL },
		});
		const { output } = await run(
			{ resource: 'transcription', operation: 'transcribe', options: { ...fast, concurrencyMode: 'fixed', maxConcurrentRequests: 1, maxRetries: 0 } },
			await items(1),
			{ continueOnFail: true },
		);
		assert.equal(output[0][0].json.category, 'concurrencyLimit');
	});

	it('a refusal with nothing else of ours in flight is someone else using the limit: retried with backoff, counted', async () => {
		emulator.state.configure({ faults: { script: ['concurrent429', 'concurrent429'], scriptPath: MODEL } });
		const { output } = await run(
			{ resource: 'transcription', operation: 'transcribe', options: { ...fast, maxRetries: 1 } },
			await items(1),
			{ continueOnFail: true },
		);
		assert.equal(output[0][0].json.category, 'concurrencyLimit');
		assert.match(String(output[0][0].json.error), /Gave up after 2 attempts/);
	});
});
