import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readAudioSource } from '../../../shared/audioSource';
import { audioSourceFields, forOperation, optionsCollection } from '../../../shared/fields';
import { requestOptionFields, transportSettingsFrom } from '../../../shared/requestOptions';
import type { ItemCredentials } from '../../../shared/transport/credentials';
import {
	customTermsConfig,
	languageFrom,
	sttFlags,
	termEntries,
	transcriptionOptionFields,
} from '../../options/transcription';
import { callBatchModel } from '../../transport/batch';

const MODEL = 'velma-2-stt-batch';

const properties: INodeProperties[] = [
	...audioSourceFields,
	optionsCollection([...transcriptionOptionFields, ...requestOptionFields]),
];

export const description = updateDisplayOptions(forOperation('transcription', 'transcribe'), properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<INodeExecutionData> {
	const source = readAudioSource((name, fallback) => this.getNodeParameter(name, itemIndex, fallback));
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const customTerms = customTermsConfig.call(this, itemIndex, termEntries(options));
	const language = languageFrom(this, itemIndex, options);
	const body = await callBatchModel(
		this,
		itemIndex,
		credentials,
		{
			source,
			settings: transportSettingsFrom(options),
			fields: {
				...sttFlags(options),
				language,
				config: customTerms.length ? JSON.stringify({ custom_terms: customTerms }) : undefined,
			},
		},
		{ model: MODEL, operation: 'Transcribe' },
	);
	return { json: body };
}
