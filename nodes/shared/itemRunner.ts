/**
 * Runs one operation over all input items: bounded concurrency, input order kept, `pairedItem` on every
 * output, and continue-on-fail turning an item's error into an error item instead of losing it.
 * Every input item yields exactly one output item or one thrown error.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { mapWithConcurrency } from './concurrency';
import { readMaxConcurrency } from './requestOptions';
import { errorItemJson } from './transport/errors';
import type { CredentialType } from './transport/request';
import { credentialSecrets } from './transport/request';

export type ItemOperation = (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData>;

export async function runPerItem(
	this: IExecuteFunctions,
	operation: ItemOperation,
	credentialType: CredentialType,
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const limit = readMaxConcurrency(this);
	return await mapWithConcurrency(items, limit, async (_item, itemIndex) => {
		let failure: unknown;
		try {
			const result = await operation.call(this, itemIndex);
			return { ...result, pairedItem: { item: itemIndex } };
		} catch (error) {
			failure = error;
		}
		if (this.continueOnFail()) {
			const secrets = await credentialSecrets(this, credentialType, itemIndex).catch(() => []);
			const errorItem: INodeExecutionData = { json: errorItemJson(failure, secrets), pairedItem: { item: itemIndex } };
			// n8n moves an item to the error output only when `error` is set on it (and then keeps just the
			// message); on the regular output the full JSON stays, so a workflow can route on `category`.
			if (this.getNode().onError === 'continueErrorOutput') {
				errorItem.error = asNodeError(this.getNode(), failure, itemIndex);
			}
			return errorItem;
		}
		throw asNodeError(this.getNode(), failure, itemIndex);
	});
}

/** Our own errors are already n8n errors; anything else (a bug, a helper's error) is wrapped with its item. */
function asNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}
