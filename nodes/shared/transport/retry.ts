/**
 * The retry loop shared by HTTP requests, WebSocket sessions and job polling. Callers classify their own
 * failures and report them as outcomes; this loop only decides whether and when to try again.
 */
import { backoffDelayMs } from './backoff';
import type { RetryPolicy } from './backoff';
import type { ClassifiedError } from './classify';
import { sleepUnlessCancelled } from './sleep';

export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: ClassifiedError };

export interface RetryResult<T> {
	outcome: Outcome<T>;
	/** Attempts made, counting the first. */
	attempts: number;
}

export const CANCELLED: ClassifiedError = {
	category: 'cancelled',
	retryable: false,
	cause: 'execution cancelled',
	fix: 'Nothing to fix: the workflow was stopped',
};

export interface RetryHooks {
	signal?: AbortSignal;
	/** Called before each wait, e.g. to log (never with secrets). */
	onRetry?: (failure: ClassifiedError, retry: number, delayMs: number) => void;
	random?: () => number;
}

export async function withRetries<T>(
	attempt: (attemptNumber: number) => Promise<Outcome<T>>,
	policy: RetryPolicy,
	hooks: RetryHooks = {},
): Promise<RetryResult<T>> {
	for (let attemptNumber = 1; ; attemptNumber++) {
		if (hooks.signal?.aborted) return { outcome: { ok: false, failure: CANCELLED }, attempts: attemptNumber - 1 };
		const outcome = await attempt(attemptNumber);
		if (outcome.ok) return { outcome, attempts: attemptNumber };
		const { failure } = outcome;
		const tooLong = failure.retryAfterMs !== undefined && failure.retryAfterMs > policy.maxRetryAfterMs;
		if (!failure.retryable || attemptNumber > policy.maxRetries || tooLong) {
			const final = tooLong
				? {
						...failure,
						fix: `Modulate asked to retry after ${Math.round(failure.retryAfterMs! / 1000)} s, longer than the node waits. ${failure.fix}`,
					}
				: failure;
			return { outcome: { ok: false, failure: final }, attempts: attemptNumber };
		}
		const delayMs = backoffDelayMs(attemptNumber, policy, failure.retryAfterMs, hooks.random);
		hooks.onRetry?.(failure, attemptNumber, delayMs);
		if (!(await sleepUnlessCancelled(delayMs, hooks.signal))) {
			return { outcome: { ok: false, failure: CANCELLED }, attempts: attemptNumber };
		}
	}
}
