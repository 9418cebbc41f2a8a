import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { runListPerItem, runPerItem } from '../../shared/itemRunner';
import type { ItemOperation, ListOperation } from '../../shared/itemRunner';
import { pickOperation } from '../../shared/operations';
import * as analysis from './analysis';
import * as conversation from './conversation';
import * as deepfake from './deepfake';
import * as redaction from './redaction';
import * as transcription from './transcription';

/** Listings (e.g. List Presets) are marked `{list}`; every other operation yields one item per input item. */
export type RoutedOperation = ItemOperation | { list: ListOperation };

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
	return [await runListPerItem.call(this, picked.list, 'modulateApi')];
}
