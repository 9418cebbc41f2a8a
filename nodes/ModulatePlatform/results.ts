/**
 * Turns per-item (or per-group) results into the node's output: `pairedItem` on every item, input
 * order kept, continue-on-fail errors as error items, and otherwise the first real failure thrown.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { errorItemJson } from '../shared/transport/errors';
import { credentialSecrets } from '../shared/transport/request';
import { PLATFORM_CREDENTIAL } from './transport';

export type Result =
	| { ok: true; json: IDataObject; items: number[] }
	/** `secondary`: a consequence of another failure (a wait stopped because another job failed). */
	| { ok: false; error: unknown; items: number[]; secondary?: boolean };

function paired(items: number[]): INodeExecutionData['pairedItem'] {
	return items.length === 1 ? { item: items[0] } : items.map((item) => ({ item }));
}

export async function toOutput(this: IExecuteFunctions, results: Result[]): Promise<INodeExecutionData[]> {
	const failures = results.filter((r): r is Extract<Result, { ok: false }> => !r.ok);
	if (failures.length && !this.continueOnFail()) {
		const byItem = (a: { items: number[] }, b: { items: number[] }) => a.items[0] - b.items[0];
		const primary = failures.filter((f) => !f.secondary).sort(byItem)[0] ?? failures.sort(byItem)[0];
		const error = primary.error;
		if (error instanceof NodeApiError || error instanceof NodeOperationError) throw error;
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: primary.items[0] });
	}
	const output: INodeExecutionData[] = [];
	for (const result of results) {
		if (result.ok) {
			output.push({ json: result.json, pairedItem: paired(result.items) });
		} else {
			const secrets = await credentialSecrets(this, PLATFORM_CREDENTIAL, result.items[0]).catch(() => []);
			output.push({ json: errorItemJson(result.error, secrets), pairedItem: paired(result.items) });
		}
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
