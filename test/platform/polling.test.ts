/** The Platform node's poll schedule. */
import assert from 'node:assert/strict';
import { estimateWindow, expectedPolls, pollDelayMs, pollOffsetMs } from '../../nodes/ModulatePlatform/polling/schedule';

const S = { intervalMs: 1000, backoffFactor: 1.5, maxIntervalMs: 4000, timeoutMs: 60_000 };

describe('poll schedule', () => {
	it('grows by the backoff factor up to the cap', () => {
		assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => pollDelayMs(n, S)), [1000, 1500, 2250, 3375, 4000, 4000]);
		assert.deepEqual([1, 2, 3].map((n) => pollDelayMs(n, { ...S, backoffFactor: 1 })), [1000, 1000, 1000]);
	});
	it('counts the status calls a job of a given length needs', () => {
		assert.equal(expectedPolls(3000, S), 3); // 1 + 1.5 + 2.25 = 4.75 s ≥ 3 s
		assert.equal(expectedPolls(1000, S), 1);
		assert.equal(expectedPolls(20_000, S), 7); // 1, 2.5, 4.75, 8.125, 12.125, 16.125, 20.125
		assert.equal(expectedPolls(10 * 60_000, S), 17); // stops at the timeout
	});

	it('without an estimate: offsets are the sum of the growing intervals; the default factor sees a 3 s job by 3.64 s', () => {
		assert.deepEqual([1, 2, 3].map((n) => pollOffsetMs(n, S)), [1000, 2500, 4750]);
		const byDefault = { intervalMs: 1000, backoffFactor: 1.2, maxIntervalMs: 30_000, timeoutMs: 600_000 };
		assert.deepEqual([1, 2, 3].map((n) => pollOffsetMs(n, byDefault)), [1000, 2200, 3640]);
		assert.equal(expectedPolls(3000, byDefault), 3);
	});
});

describe('poll schedule from the estimate', () => {
	const D = { intervalMs: 1000, backoffFactor: 1.2, maxIntervalMs: 30_000, timeoutMs: 600_000 };
	const offsets = (estimate: { minMs: number; maxMs: number }, count: number, s = D) =>
		Array.from({ length: count }, (_, i) => pollOffsetMs(i + 1, s, estimate));

	it('"3-5 seconds": one early call at half the low end, then every 0.25 s across the window, then backing off', () => {
		const estimate = { minMs: 3000, maxMs: 5000 };
		assert.deepEqual(offsets(estimate, 10), [1500, 3000, 3250, 3500, 3750, 4000, 4250, 4500, 4750, 5000]);
		const after = offsets(estimate, 13).slice(10);
		assert.deepEqual(after, [5300, 5660, 6092]);
		// a 3 s job: the early call and the one at 3 s
		assert.equal(expectedPolls(3000, D, estimate), 2);
	});

	it('"30-60 seconds": eight steps across the window; the step never exceeds the max interval', () => {
		assert.deepEqual(offsets({ minMs: 30_000, maxMs: 60_000 }, 3), [15_000, 30_000, 33_750]);
		assert.equal(pollOffsetMs(10, D, { minMs: 30_000, maxMs: 60_000 }), 60_000);
		const capped = { ...D, maxIntervalMs: 2000 };
		assert.deepEqual(offsets({ minMs: 30_000, maxMs: 60_000 }, 4, capped), [15_000, 30_000, 32_000, 34_000]);
	});

	it('a point estimate stands for ±25 %; a short one has no early call', () => {
		assert.deepEqual(estimateWindow({ minMs: 120_000, maxMs: 120_000 }), { fromMs: 90_000, toMs: 150_000 });
		assert.deepEqual(offsets({ minMs: 120_000, maxMs: 120_000 }, 3), [45_000, 90_000, 97_500]);
		assert.deepEqual(offsets({ minMs: 400, maxMs: 400 }, 3), [300, 550, 850]);
	});

	it('polls densely inside the window whatever the estimate: never more than an eighth of it (or 0.25 s) apart', () => {
		for (const estimate of [
			{ minMs: 3000, maxMs: 5000 },
			{ minMs: 30_000, maxMs: 60_000 },
			{ minMs: 60_000, maxMs: 60_000 },
			{ minMs: 1000, maxMs: 1200 },
		]) {
			const { fromMs, toMs } = estimateWindow(estimate);
			const inside = offsets(estimate, 40).filter((at) => at >= fromMs && at <= toMs);
			assert.equal(inside[0], fromMs);
			const step = Math.max(250, (toMs - fromMs) / 8) + 1;
			for (let i = 1; i < inside.length; i++) assert.ok(inside[i] - inside[i - 1] <= step);
			const firstAfter = offsets(estimate, 40).find((at) => at >= toMs)!;
			assert.ok(firstAfter - inside.at(-1)! <= step);
		}
	});
});
