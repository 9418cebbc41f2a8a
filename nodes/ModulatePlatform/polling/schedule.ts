/**
 * When a job's status is asked for, as offsets from the moment its wait starts (its submit answered).
 *
 * Without an estimate: the first call one interval after the start, each following interval the previous
 * one times the backoff factor, capped. With the submit answer's estimate (platformApi.ts): one early
 * call at half the estimate's low end, in case the job is faster; calls every eighth of the estimated
 * window (at least 0.25 s apart) from its low end to its high end, where the job most likely finishes;
 * then intervals growing from that step by the backoff factor, capped. A point estimate ("2 minutes")
 * stands for a window of ±25 %. The wait ends at its timeout either way.
 */
import type { ProcessingEstimate } from '../platformApi';

export interface PollSettings {
	intervalMs: number;
	backoffFactor: number;
	maxIntervalMs: number;
	timeoutMs: number;
}

const POINT_SPREAD = 0.25;
const WINDOW_STEPS = 8;
const MIN_STEP_MS = 250;

/** The interval before status call number `poll` (1-based) without an estimate: interval × factor^(poll-1), capped. */
export function pollDelayMs(poll: number, s: PollSettings): number {
	return Math.min(s.maxIntervalMs, s.intervalMs * s.backoffFactor ** (poll - 1));
}

/** The window the job most likely finishes in. */
export function estimateWindow(estimate: ProcessingEstimate): { fromMs: number; toMs: number } {
	if (estimate.maxMs > estimate.minMs) return { fromMs: estimate.minMs, toMs: estimate.maxMs };
	return { fromMs: estimate.minMs * (1 - POINT_SPREAD), toMs: estimate.maxMs * (1 + POINT_SPREAD) };
}

/** The calls the estimate plans (early call, then across the window), and the step between them. */
function plannedOffsets(s: PollSettings, estimate: ProcessingEstimate): { offsets: number[]; stepMs: number } {
	const { fromMs, toMs } = estimateWindow(estimate);
	const stepMs = Math.min(s.maxIntervalMs, Math.max(MIN_STEP_MS, (toMs - fromMs) / WINDOW_STEPS));
	const offsets: number[] = [];
	if (fromMs / 2 >= MIN_STEP_MS) offsets.push(fromMs / 2);
	for (let at = fromMs; at < toMs + stepMs / 2; at += stepMs) offsets.push(Math.round(at));
	return { offsets, stepMs };
}

/** When status call number `poll` (1-based) is made, in ms after the wait started. */
export function pollOffsetMs(poll: number, s: PollSettings, estimate?: ProcessingEstimate): number {
	if (!estimate) {
		let at = 0;
		for (let n = 1; n <= poll; n++) at += pollDelayMs(n, s);
		return at;
	}
	const { offsets, stepMs } = plannedOffsets(s, estimate);
	if (poll <= offsets.length) return offsets[poll - 1];
	let at = offsets[offsets.length - 1];
	for (let n = 1; n <= poll - offsets.length; n++) at += Math.min(s.maxIntervalMs, stepMs * s.backoffFactor ** n);
	return at;
}

/** How many status calls a job that completes `completesAfterMs` after the wait starts needs (no faults). */
export function expectedPolls(completesAfterMs: number, s: PollSettings, estimate?: ProcessingEstimate): number {
	for (let poll = 1; ; poll++) {
		const at = pollOffsetMs(poll, s, estimate);
		if (at >= completesAfterMs || at >= s.timeoutMs) return poll;
	}
}
