import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { runPerItem } from '../../shared/itemRunner';
import type { ItemOperation } from '../../shared/itemRunner';
import * as deepfake from './deepfake';
import * as redaction from './redaction';
import * as transcription from './transcription';

const resources: Record<string, Record<string, ItemOperation>> = {
	transcription: transcription.operations,
	deepfake: deepfake.operations,
	redaction: redaction.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = resources[resource]?.[operation];
	if (!execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of resource "${resource}" is not supported`);
	}
	return [await runPerItem.call(this, execute, 'modulateApi')];
}
