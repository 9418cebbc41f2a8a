import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readAudioSource } from '../../../shared/audioSource';
import { audioSourceFields, forOperation, optionsCollection } from '../../../shared/fields';
import { requestOptionFields, transportSettingsFrom } from '../../../shared/requestOptions';
import { callBatchModel } from '../../transport/batch';
import type { ItemCredentials } from '../../../shared/transport/credentials';

const MODEL = 'velma-2-language-detection-batch';
const OPERATION = 'Detect Language';

const properties: INodeProperties[] = [
	...audioSourceFields,
	optionsCollection([...requestOptionFields]),
];

export const description = updateDisplayOptions(forOperation('analysis', 'detectLanguage'), properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<INodeExecutionData> {
	const source = readAudioSource((name, fallback) => this.getNodeParameter(name, itemIndex, fallback));
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body = await callBatchModel(
		this,
		itemIndex,
		credentials,
		{ source, fields: {}, settings: transportSettingsFrom(options) },
		{ model: MODEL, operation: OPERATION },
	);
	return { json: body };
}
