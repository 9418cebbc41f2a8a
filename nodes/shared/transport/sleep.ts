import { sleep } from 'n8n-workflow';

/** `sleep` cannot be interrupted, so wait in short slices and stop as soon as the execution is cancelled. */
const SLICE_MS = 100;

/** Resolves true when the full time passed, false when the signal aborted it first. */
export async function sleepUnlessCancelled(ms: number, signal?: AbortSignal): Promise<boolean> {
	const end = Date.now() + ms;
	while (!signal?.aborted) {
		const left = end - Date.now();
		if (left <= 0) return true;
		await sleep(Math.min(SLICE_MS, left));
	}
	return false;
}
