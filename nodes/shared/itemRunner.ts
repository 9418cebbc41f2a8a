/**
 * Runs one operation over all input items: bounded concurrency, input order kept, `pairedItem` on every
 * output, and continue-on-fail turning an item's error into an error item instead of losing it.
 * Every input item yields its output (one item; a listing's rows) or one error item or one thrown error.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { mapWithConcurrency } from './concurrency';
import { readItemCredentials } from './transport/credentials';
import type { CredentialType, ItemCredentials } from './transport/credentials';
import { errorItemJson } from './transport/errors';

/** One item's work, given the item's credential (read once, by the runner). */
export type ItemOperation = (
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
) => Promise<INodeExecutionData>;

/** An operation that yields any number of items per input item (a listing), each paired to that input. */
export type ListOperation = (
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
) => Promise<IDataObject[]>;

export async function runPerItem(
	this: IExecuteFunctions,
	operation: ItemOperation,
	credentialType: CredentialType,
	maxConcurrency: number,
): Promise<INodeExecutionData[]> {
	return await runItems(this, credentialType, maxConcurrency, async (itemIndex, credentials) => [
		await operation.call(this, itemIndex, credentials),
	]);
}

export async function runListPerItem(
	this: IExecuteFunctions,
	operation: ListOperation,
	credentialType: CredentialType,
	maxConcurrency: number,
): Promise<INodeExecutionData[]> {
	return await runItems(this, credentialType, maxConcurrency, async (itemIndex, credentials) =>
		(await operation.call(this, itemIndex, credentials)).map((json) => ({ json })),
	);
}

async function runItems(
	ctx: IExecuteFunctions,
	credentialType: CredentialType,
	maxConcurrency: number,
	work: (itemIndex: number, credentials: ItemCredentials) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	const perItem = await mapWithConcurrency(ctx.getInputData(), maxConcurrency, async (_item, itemIndex) => {
		let failure: unknown;
		let secrets: string[] = [];
		try {
			const credentials = await readItemCredentials(ctx, credentialType, itemIndex);
			secrets = credentials.secrets;
			const results = await work(itemIndex, credentials);
			return results.map((result) => ({ ...result, pairedItem: { item: itemIndex } }));
		} catch (error) {
			failure = error;
		}
		if (ctx.continueOnFail()) return [errorOutputItem(ctx, failure, [itemIndex], secrets)];
		throw asNodeError(ctx.getNode(), failure, itemIndex);
	});
	return perItem.flat();
}

/**
 * The continue-on-fail item for a failure, paired with its input item(s): `{error, httpCode, category,
 * retryable}` on the regular output, so an IF node can route on `category`. n8n moves an item to the error
 * output when its JSON holds `error` alone (setting `item.error` would also do it, but n8n then cuts the
 * JSON down to the message), so there the same fields sit under `error`.
 */
export function errorOutputItem(
	ctx: IExecuteFunctions,
	failure: unknown,
	itemIndexes: number[],
	secrets: string[] = [],
): INodeExecutionData {
	const json = errorItemJson(failure, secrets);
	if (ctx.getNode().onError === 'continueErrorOutput') {
		const { error: message, ...rest } = json;
		return { json: { error: { message, ...rest } }, pairedItem: pairedWith(itemIndexes) };
	}
	return { json, pairedItem: pairedWith(itemIndexes) };
}

export function pairedWith(itemIndexes: number[]): INodeExecutionData['pairedItem'] {
	return itemIndexes.length === 1 ? { item: itemIndexes[0] } : itemIndexes.map((item) => ({ item }));
}

/** Our own errors are already n8n errors; anything else (a bug, a helper's error) is wrapped with its item. */
export function asNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}
