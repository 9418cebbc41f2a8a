import { updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { binaryPropertyField, forOperation, optionsCollection } from '../../../shared/fields';
import { requestOptionFields, transportSettingsFrom } from '../../../shared/requestOptions';
import { readBatchAudio } from '../../transport/batch';
import { paddingFrom, redactedBinary, redactedOutputFrom, redactionOptionFields } from '../../options/redaction';
import { languageFrom } from '../../options/transcription';
import { redactBatch } from './redactBatch';
import { redactionSummary } from './redactionSummary';
import type { ItemCredentials } from '../../../shared/transport/credentials';

const properties: INodeProperties[] = [
	binaryPropertyField,
	optionsCollection([...redactionOptionFields, ...requestOptionFields]),
];

export const description = updateDisplayOptions(forOperation('redaction', 'redactPiiPhi'), properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<INodeExecutionData> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const inputProperty = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const output = redactedOutputFrom(this, itemIndex, inputProperty, options);
	const language = languageFrom(this, itemIndex, options);
	const padding = paddingFrom(this, itemIndex, options);
	const audio = await readBatchAudio(this, itemIndex, inputProperty, { operation: 'Redact PII/PHI' });

	const { metadata, mp3 } = await redactBatch(this, itemIndex, credentials, {
		audio,
		settings: transportSettingsFrom(options),
		speakerDiarization: (options.speakerDiarization as boolean | undefined) ?? true,
		padding,
		language,
		operation: 'Redact PII/PHI',
	});
	const binary = await redactedBinary(this, itemIndex, output, audio.fileName, mp3);
	return { json: { ...metadata, ...redactionSummary(metadata) }, binary };
}
