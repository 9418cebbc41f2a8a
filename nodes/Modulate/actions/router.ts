import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { runListPerItem, runPerItem } from '../../shared/itemRunner';
import { pickOperation } from '../../shared/operations';
import { maxConcurrencyFrom } from '../../shared/requestOptions';
import * as analysis from './analysis';
import * as conversation from './conversation';
import * as deepfake from './deepfake';
import * as redaction from './redaction';
import * as transcription from './transcription';
import type { RoutedOperation } from './types';

const resources: Record<string, Record<string, RoutedOperation>> = {
	transcription: transcription.operations,
	analysis: analysis.operations,
	conversation: conversation.operations,
	deepfake: deepfake.operations,
	redaction: redaction.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const picked = pickOperation(this.getNode(), resources, resource, operation);
	const hasItems = this.getInputData().length > 0;
	const maxConcurrency = maxConcurrencyFrom(hasItems ? (this.getNodeParameter('options', 0, {}) as IDataObject) : undefined);
	if (typeof picked === 'function') return [await runPerItem.call(this, picked, 'modulateApi', maxConcurrency)];
	return [await runListPerItem.call(this, picked.list, 'modulateApi', maxConcurrency)];
}
