import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { binaryPropertyField, optionsCollection } from '../../../shared/fields';
import { requestOptionFields } from '../../../shared/requestOptions';
import { callBatchModel } from '../../transport/batch';

const MODEL = 'velma-2-language-detection-batch';
const OPERATION = 'Detect Language';

export const description: INodeProperties[] = [
	binaryPropertyField('analysis', 'detectLanguage'),
	optionsCollection('analysis', 'detectLanguage', [...requestOptionFields]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData> {
	const body = await callBatchModel.call(this, itemIndex, { model: MODEL, operation: OPERATION, fields: {} });
	return { json: body };
}
