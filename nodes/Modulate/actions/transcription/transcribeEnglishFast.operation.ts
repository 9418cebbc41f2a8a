import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { binaryPropertyField, showFor } from '../../../shared/fields';
import { requestOptionFields } from '../../../shared/requestOptions';
import { postBatch, readBatchAudio } from '../../transport/batch';

const MODEL = 'velma-2-stt-batch-english-vfast';

export const description: INodeProperties[] = [
	binaryPropertyField('transcription', 'transcribeEnglishFast'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor('transcription', 'transcribeEnglishFast'),
		options: [...requestOptionFields],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData> {
	const audio = await readBatchAudio.call(this, itemIndex, { operation: 'Transcribe English (Fast)' });
	const response = await postBatch.call(this, itemIndex, audio, {
		model: MODEL,
		operation: 'Transcribe English (Fast)',
		fields: {},
	});
	return { json: response.body as IDataObject };
}
