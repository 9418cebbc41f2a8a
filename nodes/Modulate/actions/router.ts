import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { mapWithConcurrency } from '../../shared/concurrency';
import { asNodeError, errorOutputItem, runPerItem } from '../../shared/itemRunner';
import type { ItemOperation } from '../../shared/itemRunner';
import { pickOperation } from '../../shared/operations';
import { readMaxConcurrency } from '../../shared/requestOptions';
import * as analysis from './analysis';
import * as conversation from './conversation';
import * as deepfake from './deepfake';
import * as redaction from './redaction';
import * as transcription from './transcription';

/** An operation that yields any number of items per input item (a listing), each paired to that input. */
export interface ListOperation {
	list: (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject[]>;
}

export type RoutedOperation = ItemOperation | ListOperation;

const resources: Record<string, Record<string, RoutedOperation>> = {
	transcription: transcription.operations,
	analysis: analysis.operations,
	conversation: conversation.operations,
	deepfake: deepfake.operations,
	redaction: redaction.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const picked = pickOperation(this, resources);
	if (typeof picked === 'function') return [await runPerItem.call(this, picked, 'modulateApi')];
	return [await runListPerItem.call(this, picked)];
}

/** runPerItem's contract (order, pairedItem, continue-on-fail) for operations that return a list per item. */
async function runListPerItem(this: IExecuteFunctions, operation: ListOperation): Promise<INodeExecutionData[]> {
	const perItem = await mapWithConcurrency(this.getInputData(), readMaxConcurrency(this), async (_item, itemIndex) => {
		let failure: unknown;
		try {
			const rows = await operation.list.call(this, itemIndex);
			return rows.map((json): INodeExecutionData => ({ json, pairedItem: { item: itemIndex } }));
		} catch (error) {
			failure = error;
		}
		if (this.continueOnFail()) return [await errorOutputItem(this, failure, [itemIndex], 'modulateApi')];
		throw asNodeError(this.getNode(), failure, itemIndex);
	});
	return perItem.flat();
}
