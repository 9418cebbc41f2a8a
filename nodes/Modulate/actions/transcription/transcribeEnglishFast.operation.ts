import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { binaryPropertyField, optionsCollection } from '../../../shared/fields';
import { requestOptionFields } from '../../../shared/requestOptions';
import { callBatchModel } from '../../transport/batch';

const MODEL = 'velma-2-stt-batch-english-vfast';

export const description: INodeProperties[] = [
	binaryPropertyField('transcription', 'transcribeEnglishFast'),
	optionsCollection('transcription', 'transcribeEnglishFast', [...requestOptionFields]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData> {
	const body = await callBatchModel.call(this, itemIndex, {
		model: MODEL,
		operation: 'Transcribe English (Fast)',
		fields: {},
	});
	return { json: body };
}
