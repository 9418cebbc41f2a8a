/** The Platform node's poll schedule. */
import assert from 'node:assert/strict';
import { expectedPolls, pollDelayMs } from '../../nodes/ModulatePlatform/polling/schedule';

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
});
