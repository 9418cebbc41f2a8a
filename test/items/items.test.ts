/**
 * Items through the Modulate node against the emulator: input order and pairing under concurrency, the
 * concurrency limit, continue-on-fail (error items in place, or the error output), and no API key in any
 * output, error or log.
 */
import assert from 'node:assert/strict';
import type { IDataObject } from 'n8n-workflow';
import { DEFAULT_MODELS_KEY } from '../emulator/state';
import { binaryItem, findSecret, runNode } from '../helpers/n8n';
import { fast, mp3_1, transcribe, useModulate, wav1, wav2, wav3 } from '../modulate/support';

const { emulator, node, credentialTypes, creds, run } = useModulate();

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
		// The gate holds the first requests until three are in flight together, so the bound is reached
		// whatever the machine's speed; the peak shows it is never passed.
		emulator.state.configure({ gate: { count: 3, timeoutMs: 60_000 } });
		const items = await Promise.all(Array.from({ length: 10 }, (_, i) => binaryItem(wav1, `c${i}.wav`, 'audio/wav')));
		await run({ resource: 'transcription', operation: 'transcribeEnglishFast', options: { ...fast, concurrencyMode: 'fixed', maxConcurrentRequests: 3 } }, items);
		assert.deepEqual(emulator.state.gateOpenings, [3]);
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
