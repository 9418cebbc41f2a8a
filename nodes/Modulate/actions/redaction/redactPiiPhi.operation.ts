import { updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { binaryPropertyField, forOperation, optionsCollection } from '../../../shared/fields';
import { parseMultipart } from '../../transport/multipart';
import { requestOptionFields, transportSettingsFrom } from '../../../shared/requestOptions';
import { inputError } from '../../../shared/transport/errors';
import { postBatch, readBatchAudio } from '../../transport/batch';
import { paddingFrom, redactedBinary, redactedOutputFrom, redactionOptionFields } from '../../options/redaction';
import { languageFrom } from '../../options/transcription';
import { redactionSummary } from './redactionSummary';
import type { ItemCredentials } from '../../../shared/transport/credentials';

const MODEL = 'velma-2-pii-phi-redaction-batch';

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
	const output = redactedOutputFrom(inputProperty, options);
	const language = languageFrom(this, itemIndex, options);
	const padding = paddingFrom(this, itemIndex, options);
	const audio = await readBatchAudio(this, itemIndex, inputProperty, { operation: 'Redact PII/PHI' });

	const response = await postBatch(this, itemIndex, credentials, {
		audio,
		settings: transportSettingsFrom(options),
		fields: {
			speaker_diarization: (options.speakerDiarization as boolean | undefined) ?? true,
			start_redaction_padding_ms: padding.startMs,
			end_redaction_padding_ms: padding.endMs,
			language,
		},
	}, { model: MODEL, operation: 'Redact PII/PHI', responseType: 'buffer' });

	const { metadata, mp3 } = readRedactionAnswer.call(this, itemIndex, response.body as Buffer, String(response.headers['content-type'] ?? ''));
	const binary = await redactedBinary(this, itemIndex, output, audio.fileName, mp3);
	return { json: { ...metadata, ...redactionSummary(metadata) }, binary };
}

/** The answer is multipart: `metadata` (JSON) and `audio` (MP3); a server that answers JSON-only is reported. */
function readRedactionAnswer(
	this: IExecuteFunctions,
	itemIndex: number,
	body: Buffer,
	contentType: string,
): { metadata: IDataObject; mp3: Buffer } {
	const fail = (why: string) =>
		inputError(
			this.getNode(),
			itemIndex,
			`Redact PII/PHI: Modulate's answer could not be read: ${why}`,
			'This is unexpected; please report it with the execution ID.',
			'unknown',
		);
	let parts;
	try {
		parts = parseMultipart(Buffer.from(body), contentType);
	} catch (error) {
		throw fail((error as Error).message);
	}
	const metadataPart = parts.find((p) => p.name === 'metadata') ?? parts.find((p) => /json/i.test(p.contentType ?? ''));
	const audioPart = parts.find((p) => p.name === 'audio') ?? parts.find((p) => /audio|octet/i.test(p.contentType ?? ''));
	if (!metadataPart) throw fail('no "metadata" part');
	if (!audioPart) throw fail('no "audio" part');
	let metadata: IDataObject;
	try {
		metadata = JSON.parse(metadataPart.body.toString('utf8')) as IDataObject;
	} catch {
		throw fail('the "metadata" part is not JSON');
	}
	return { metadata, mp3: audioPart.body };
}
