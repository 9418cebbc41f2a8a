import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readAudioSource } from '../../../shared/audioSource';
import { audioSourceFields, forOperation, optionsCollection } from '../../../shared/fields';
import { requestOptionFields, transportSettingsFrom } from '../../../shared/requestOptions';
import { callBatchModel } from '../../transport/batch';
import { languageField, languageFrom } from '../../options/transcription';
import type { ItemCredentials } from '../../../shared/transport/credentials';

const MODEL = 'velma-2-stt-batch-multilingual-vfast';
const OPERATION = 'Transcribe Multilingual (Fast)';

const properties: INodeProperties[] = [
	...audioSourceFields,
	optionsCollection([
		{
			...languageField,
			// This model uses the hint as the transcription language (the fastest path), not per utterance.
			description:
				'Optional spoken language as a short code such as "es", "fr" or "ja": the audio is then transcribed directly in that language. Leave empty to detect it.',
		},
		...requestOptionFields,
	]),
];

export const description = updateDisplayOptions(forOperation('transcription', 'transcribeMultilingualFast'), properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<INodeExecutionData> {
	const source = readAudioSource((name, fallback) => this.getNodeParameter(name, itemIndex, fallback));
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const language = languageFrom(this, itemIndex, options);
	const body = await callBatchModel(
		this,
		itemIndex,
		credentials,
		{ source, fields: { language }, settings: transportSettingsFrom(options) },
		{ model: MODEL, operation: OPERATION },
	);
	return { json: body };
}
