import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { runPerItem } from '../../shared/itemRunner';
import type { ItemOperation } from '../../shared/itemRunner';
import { pickOperation } from '../../shared/operations';
import * as deepfake from './deepfake';
import * as redaction from './redaction';
import * as transcription from './transcription';

const resources: Record<string, Record<string, ItemOperation>> = {
	transcription: transcription.operations,
	deepfake: deepfake.operations,
	redaction: redaction.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [await runPerItem.call(this, pickOperation(this, resources), 'modulateApi')];
}
