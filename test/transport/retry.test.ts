import assert from 'node:assert/strict';
import { backoffDelayMs, DEFAULT_RETRY_POLICY } from '../../nodes/shared/transport/backoff';
import type { ClassifiedError } from '../../nodes/shared/transport/classify';
import { withRetries } from '../../nodes/shared/transport/retry';
import type { Outcome } from '../../nodes/shared/transport/retry';

const policy = { ...DEFAULT_RETRY_POLICY, maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 };
const transient: ClassifiedError = { category: 'serverError', retryable: true, cause: 'x', fix: 'y', httpCode: '503' };
const permanent: ClassifiedError = { category: 'invalidCredentials', retryable: false, cause: 'x', fix: 'y', httpCode: '401' };

describe('backoffDelayMs', () => {
	it('uses full jitter under an exponential ceiling', () => {
		const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 30_000 };
		assert.equal(backoffDelayMs(1, p, undefined, () => 0.999), 999);
		assert.equal(backoffDelayMs(3, p, undefined, () => 0.5), 2000);
		assert.equal(backoffDelayMs(10, p, undefined, () => 0.999), 29_970);
		assert.equal(backoffDelayMs(1, p, undefined, () => 0), 0);
	});
	it('waits at least what Retry-After asks', () => {
		const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000 };
		assert.equal(backoffDelayMs(1, p, 4000, () => 0.5), 4000);
	});
});

describe('withRetries', () => {
	it('retries a transient failure until it succeeds', async () => {
		let calls = 0;
		const result = await withRetries<string>(async () => {
			calls++;
			return calls < 3 ? { ok: false, failure: transient } : { ok: true, value: 'done' };
		}, policy);
		assert.deepEqual(result.outcome, { ok: true, value: 'done' });
		assert.equal(result.attempts, 3);
	});
	it('stops after maxRetries', async () => {
		let calls = 0;
		const result = await withRetries(async (): Promise<Outcome<never>> => {
			calls++;
			return { ok: false, failure: transient };
		}, policy);
		assert.equal(calls, 4);
		assert.equal(result.attempts, 4);
		assert.equal(result.outcome.ok, false);
	});
	it('never retries a permanent failure', async () => {
		let calls = 0;
		await withRetries(async (): Promise<Outcome<never>> => {
			calls++;
			return { ok: false, failure: permanent };
		}, policy);
		assert.equal(calls, 1);
	});
	it('gives up when Retry-After is longer than it will wait', async () => {
		let calls = 0;
		const result = await withRetries(async (): Promise<Outcome<never>> => {
			calls++;
			return { ok: false, failure: { ...transient, retryAfterMs: 10 * 60_000 } };
		}, policy);
		assert.equal(calls, 1);
		assert.ok(!result.outcome.ok && /asked to retry after 600 s/.test(result.outcome.failure.fix));
	});
	it('stops at once when the execution is cancelled during a wait', async () => {
		const controller = new AbortController();
		let calls = 0;
		const started = Date.now();
		const result = await withRetries(
			async (): Promise<Outcome<never>> => {
				calls++;
				setTimeout(() => controller.abort(), 20);
				return { ok: false, failure: transient };
			},
			{ ...policy, baseDelayMs: 60_000, maxDelayMs: 60_000 },
			{ signal: controller.signal, random: () => 0.99 },
		);
		assert.equal(calls, 1);
		assert.ok(!result.outcome.ok && result.outcome.failure.category === 'cancelled');
		assert.ok(Date.now() - started < 5000, 'the wait ended long before the backoff');
	});
});
