/**
 * Turns per-item (or per-group) results into the node's output: `pairedItem` on every item, input
 * order kept, continue-on-fail errors as error items, and otherwise the first real failure thrown.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { asNodeError, errorOutputItem, pairedWith } from '../shared/itemRunner';
import type { JobOutcome, JobToWait } from './polling/waitForJobs';

export type Result =
	| { ok: true; json: IDataObject; items: number[] }
	/** `secondary`: a consequence of another failure (a wait stopped because another job failed). */
	| { ok: false; error: unknown; items: number[]; secondary?: boolean };

export async function toOutput(this: IExecuteFunctions, results: Result[]): Promise<INodeExecutionData[]> {
	const failures = results.filter((r): r is Extract<Result, { ok: false }> => !r.ok);
	if (failures.length && !this.continueOnFail()) {
		const byItem = (a: { items: number[] }, b: { items: number[] }) => a.items[0] - b.items[0];
		const primary = failures.filter((f) => !f.secondary).sort(byItem)[0] ?? failures.sort(byItem)[0];
		throw asNodeError(this.getNode(), primary.error, primary.items[0]);
	}
	const output: INodeExecutionData[] = [];
	for (const result of results) {
		output.push(
			result.ok
				? { json: result.json, pairedItem: pairedWith(result.items) }
				: errorOutputItem(this, result.error, result.items),
		);
	}
	return output;
}

/** Runs `work` for each input, catching its error as a failed result, in a bounded pool. */
export async function settle<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
	try {
		return { ok: true, value: await work() };
	} catch (error) {
		return { ok: false, error };
	}
}

/** Puts each waited job's outcome into the result of the item that submitted it. */
export function recordWaits(results: Result[], jobs: JobToWait[], outcomes: JobOutcome[]): void {
	jobs.forEach((job, k) => {
		const outcome = outcomes[k];
		results[job.itemIndex] = outcome.ok
			? { ok: true, json: outcome.body, items: [job.itemIndex] }
			: { ok: false, error: outcome.error, items: [job.itemIndex], secondary: outcome.stopped };
	});
}
