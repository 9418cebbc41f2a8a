import assert from 'node:assert/strict';
import { mapWithConcurrency } from '../../nodes/shared/concurrency';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapWithConcurrency', () => {
	it('keeps input order and never exceeds the limit', async () => {
		let running = 0;
		let peak = 0;
		const result = await mapWithConcurrency([50, 10, 30, 5, 20, 1, 15, 8], 3, async (ms, index) => {
			running++;
			peak = Math.max(peak, running);
			await tick(ms);
			running--;
			return index * 10;
		});
		assert.deepEqual(result, [0, 10, 20, 30, 40, 50, 60, 70]);
		assert.equal(peak, 3);
	});

	it('starts nothing new after a failure and rethrows the earliest failed input', async () => {
		const started: number[] = [];
		await assert.rejects(
			mapWithConcurrency([1, 2, 3, 4, 5, 6], 2, async (value) => {
				started.push(value);
				await tick(value === 2 ? 5 : 20);
				if (value === 2 || value === 1) throw new Error(`failed ${value}`);
				return value;
			}),
			/failed 1/,
		);
		assert.ok(started.length <= 3, `started ${started.join(',')}`);
	});

	it('handles an empty input and a limit larger than the input', async () => {
		assert.deepEqual(await mapWithConcurrency([], 4, async () => 1), []);
		assert.deepEqual(await mapWithConcurrency([1], 10, async (v) => v + 1), [2]);
	});
});
