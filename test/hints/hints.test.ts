/**
 * Execution hints, as n8n's engine collects them from a run of our nodes (RunNodeResult.hints): the
 * concurrent limit retried, "Retry On Fail" on, and more Platform jobs waited on in one run than it
 * should hold. A clean run gives none.
 */
import assert from 'node:assert/strict';
import type { NodeExecutionHint } from 'n8n-workflow';
import { MANY_JOBS_FOR_ONE_WAIT } from '../../nodes/shared/runHints';
import { binaryItem } from '../helpers/n8n';
import { platformRunner } from '../helpers/platformRunner';
import { mp3_1, transcribe, useModulate, wavItem } from '../modulate/support';

const { emulator, run, modelRequests } = useModulate();
const platform = platformRunner(() => emulator.url);

const messages = (hints: unknown[]) => (hints as NodeExecutionHint[]).map((h) => h.message);
const mp3Item = async (i: number) => await binaryItem(mp3_1, `call-${i}.mp3`, 'audio/mpeg');
const FAST_POLL = { pollIntervalSeconds: 0.1, backoffFactor: 1, maxPollIntervalSeconds: 0.2, waitTimeoutSeconds: 30 };

describe('execution hints', () => {
	it('a run without trouble gives no hint', async () => {
		const { hints } = await run(transcribe(), [await wavItem()]);
		assert.deepEqual(hints, []);
	});

	it('concurrent-limit answers retried in the run: a warning with the count and Max Concurrent Requests', async () => {
		emulator.state.configure({ faults: { script: ['concurrent429', 'concurrent429'] } });
		const { output, hints } = await run(transcribe(), [await wavItem()]);
		assert.equal(output[0].length, 1);
		assert.equal(modelRequests().length, 3);
		assert.equal(hints.length, 1);
		assert.deepEqual(
			{ ...(hints[0] as NodeExecutionHint), message: undefined },
			{ type: 'warning', location: 'outputPane', message: undefined },
		);
		assert.match(messages(hints)[0], /concurrent limit 2 times in this run/);
		assert.match(messages(hints)[0], /Lower "Max Concurrent Requests"/);
	});

	it('other transient failures retried give no concurrency hint', async () => {
		emulator.state.configure({ faults: { script: ['status503'] } });
		const { hints } = await run(transcribe(), [await wavItem()]);
		assert.deepEqual(hints, []);
	});

	it('"Retry On Fail" in the node settings: a warning that it re-sends permanent failures', async () => {
		const { hints } = await run(transcribe(), [await wavItem()], { retryOnFail: true });
		assert.equal(hints.length, 1);
		assert.match(messages(hints)[0], /"Retry On Fail" is on/);
		assert.match(messages(hints)[0], /turn "Retry On Fail" off/);
	});

	it('Platform submissions refused at the concurrent limit and retried: the concurrency hint', async () => {
		emulator.state.configure({ faults: { script: ['concurrent429'], scriptPath: '/api_service' } });
		const { output, hints } = await platform.run(
			{ operation: 'submit', waitForCompletion: false, options: { retryInitialDelayMs: 5 } },
			[await mp3Item(0)],
		);
		assert.equal(output[0].length, 1);
		assert.equal(hints.length, 1, JSON.stringify(hints));
		assert.match(messages(hints)[0], /concurrent limit once in this run/);
	});

	it(`more than ${MANY_JOBS_FOR_ONE_WAIT} Platform jobs waited on in one run: an info hint; exactly ${MANY_JOBS_FOR_ONE_WAIT}: none`, async () => {
		emulator.state.configure({ platformJobPolls: 1 });
		const params = { operation: 'submit', pollingOptions: { ...FAST_POLL, maxConcurrentStatusChecks: 20 }, options: { maxConcurrentRequests: 8 } };
		const atLimit = await Promise.all(Array.from({ length: MANY_JOBS_FOR_ONE_WAIT }, async (_, i) => await mp3Item(i)));
		const quiet = await platform.run(params, atLimit);
		assert.equal(quiet.output[0].length, MANY_JOBS_FOR_ONE_WAIT);
		assert.deepEqual(quiet.hints, []);

		const over = [...atLimit, await mp3Item(MANY_JOBS_FOR_ONE_WAIT)];
		const { output, hints } = await platform.run(params, over);
		assert.ok(output[0].every((item) => item.json.status === 'completed'));
		assert.equal(hints.length, 1);
		assert.equal((hints[0] as NodeExecutionHint).type, 'info');
		assert.match(messages(hints)[0], new RegExp(`waited for ${MANY_JOBS_FOR_ONE_WAIT + 1} jobs at once`));
		assert.match(messages(hints)[0], /Loop Over Items/);
	});

	it('Submit without waiting does not count as a wait', async () => {
		const items = await Promise.all(Array.from({ length: MANY_JOBS_FOR_ONE_WAIT + 1 }, async (_, i) => await mp3Item(i)));
		const { hints } = await platform.run({ operation: 'submit', waitForCompletion: false, options: { maxConcurrentRequests: 8 } }, items);
		assert.deepEqual(hints, []);
	});
});
