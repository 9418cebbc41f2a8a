import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { binaryPropertyField, optionsCollection } from '../../../shared/fields';
import { requestOptionFields, transportSettingsFrom } from '../../../shared/requestOptions';
import { callBatchModel } from '../../transport/batch';
import type { ItemCredentials } from '../../../shared/transport/credentials';

const MODEL = 'velma-2-language-detection-batch';
const OPERATION = 'Detect Language';

export const description: INodeProperties[] = [
	binaryPropertyField('analysis', 'detectLanguage'),
	optionsCollection('analysis', 'detectLanguage', [...requestOptionFields]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<INodeExecutionData> {
	const binaryPropertyName = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body = await callBatchModel(
		this,
		itemIndex,
		credentials,
		{ binaryPropertyName, fields: {}, settings: transportSettingsFrom(options) },
		{ model: MODEL, operation: OPERATION },
	);
	return { json: body };
}
