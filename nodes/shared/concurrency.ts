/**
 * A bounded pool that keeps input order: Modulate's concurrent limit is per organization and per model,
 * and a request over it fails at once rather than queueing, so the node must bound itself.
 *
 * When a worker throws, no new input starts; the ones in flight finish (their requests are already
 * paid for), and the error of the earliest input is rethrown, as if the items had run one by one.
 */
export async function mapWithConcurrency<T, R>(
	inputs: readonly T[],
	limit: number,
	worker: (input: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(inputs.length);
	let next = 0;
	let failedIndex = Infinity;
	let failedError: unknown;
	const lanes = Math.max(1, Math.min(Math.floor(limit) || 1, inputs.length));
	const run = async (): Promise<void> => {
		while (next < inputs.length && failedIndex === Infinity) {
			const index = next++;
			try {
				results[index] = await worker(inputs[index], index);
			} catch (error) {
				if (index < failedIndex) {
					failedIndex = index;
					failedError = error;
				}
			}
		}
	};
	await Promise.all(Array.from({ length: lanes }, run));
	if (failedIndex !== Infinity) throw failedError;
	return results;
}
