/**
 * Retry timing: exponential backoff with full jitter (AWS's "full jitter"), so that many items hitting a
 * concurrent limit at once spread out instead of retrying in lockstep. A server's Retry-After wins when it
 * asks for longer.
 */
export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** First backoff ceiling, in ms; doubles per attempt. */
	baseDelayMs: number;
	/** Upper bound of one backoff, in ms. */
	maxDelayMs: number;
	/** Longest Retry-After honoured, in ms; a longer one ends the retries (it would hold the execution). */
	maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 4,
	baseDelayMs: 1000,
	maxDelayMs: 30_000,
	maxRetryAfterMs: 120_000,
};

/** Delay before retry number `retry` (1-based). */
export function backoffDelayMs(
	retry: number,
	policy: RetryPolicy,
	retryAfterMs?: number,
	random: () => number = Math.random,
): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
	const jittered = Math.floor(random() * ceiling);
	return retryAfterMs !== undefined ? Math.max(retryAfterMs, jittered) : jittered;
}
