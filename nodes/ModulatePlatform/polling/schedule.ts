/**
 * When a job's status is asked for: the first call one interval after the wait starts, each following
 * interval the previous one times the backoff factor, capped; the wait ends at its timeout.
 */
export interface PollSettings {
	intervalMs: number;
	backoffFactor: number;
	maxIntervalMs: number;
	timeoutMs: number;
}

/** The interval before status call number `poll` (1-based): interval × factor^(poll-1), capped. */
export function pollDelayMs(poll: number, s: PollSettings): number {
	return Math.min(s.maxIntervalMs, s.intervalMs * s.backoffFactor ** (poll - 1));
}

/** How many status calls a job that completes `completesAfterMs` after the wait starts needs (no faults). */
export function expectedPolls(completesAfterMs: number, s: PollSettings): number {
	let elapsed = 0;
	for (let poll = 1; ; poll++) {
		elapsed += pollDelayMs(poll, s);
		if (elapsed >= completesAfterMs || elapsed >= s.timeoutMs) return poll;
	}
}

