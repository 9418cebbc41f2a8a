import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { binaryPropertyField, optionsCollection } from '../../../shared/fields';
import { parseMultipart } from '../../transport/multipart';
import { requestOptionFields, transportSettingsFrom } from '../../../shared/requestOptions';
import { inputError } from '../../../shared/transport/errors';
import { postBatch, readBatchAudio } from '../../transport/batch';
import { languageField, speakerDiarizationField, validateLanguage } from '../../options/transcription';
import { redactionSummary } from './redactionSummary';
import type { ItemCredentials } from '../../../shared/transport/credentials';

const MODEL = 'velma-2-pii-phi-redaction-batch';

export const description: INodeProperties[] = [
	binaryPropertyField('redaction', 'redactPiiPhi'),
	optionsCollection('redaction', 'redactPiiPhi', [
		{
			displayName: 'End Redaction Padding (Ms)',
			name: 'endRedactionPaddingMs',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Extra silence after each redacted range',
		},
		{
			displayName: 'Keep Original Audio',
			name: 'keepOriginalAudio',
			type: 'boolean',
			default: false,
			description:
				'Whether to pass the unredacted input audio on as well. Off by default, so personal data does not travel further down the workflow.',
		},
		languageField,
		{
			displayName: 'Output Binary Field',
			name: 'outputBinaryPropertyName',
			type: 'string',
			default: 'data',
			description: 'Binary field to put the redacted MP3 in. The default replaces the input audio, ready for an upload node.',
		},
		speakerDiarizationField,
		{
			displayName: 'Start Redaction Padding (Ms)',
			name: 'startRedactionPaddingMs',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 100,
			description: 'Extra silence before each redacted range',
		},
		...requestOptionFields,
	]),
];

function nonNegativeInteger(this: IExecuteFunctions, itemIndex: number, name: string, value: unknown, fallback: number): number {
	const number = value === undefined || value === '' ? fallback : Number(value);
	if (!Number.isInteger(number) || number < 0) {
		throw inputError(this.getNode(), itemIndex, `Options → ${name} must be a whole number of milliseconds, 0 or more (got ${String(value)})`);
	}
	return number;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<INodeExecutionData> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const inputProperty = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const outputProperty = String(options.outputBinaryPropertyName || 'data');
	const language = validateLanguage.call(this, itemIndex, String(options.language ?? ''));
	const startPadding = nonNegativeInteger.call(this, itemIndex, 'Start Redaction Padding (Ms)', options.startRedactionPaddingMs, 100);
	const endPadding = nonNegativeInteger.call(this, itemIndex, 'End Redaction Padding (Ms)', options.endRedactionPaddingMs, 0);
	const audio = await readBatchAudio(this, itemIndex, inputProperty, { operation: 'Redact PII/PHI' });

	const response = await postBatch(this, itemIndex, credentials, {
		audio,
		settings: transportSettingsFrom(options),
		fields: {
			speaker_diarization: (options.speakerDiarization as boolean | undefined) ?? true,
			start_redaction_padding_ms: startPadding,
			end_redaction_padding_ms: endPadding,
			language,
		},
	}, { model: MODEL, operation: 'Redact PII/PHI', responseType: 'buffer' });

	const { metadata, mp3 } = readRedactionAnswer.call(this, itemIndex, response.body as Buffer, String(response.headers['content-type'] ?? ''));
	const stem = audio.fileName.replace(/\.[^.]+$/, '');
	const binary: IBinaryKeyData = {};
	const inputBinary = this.getInputData()[itemIndex].binary ?? {};
	for (const [name, data] of Object.entries(inputBinary)) {
		if (name !== inputProperty || options.keepOriginalAudio) binary[name] = data;
	}
	binary[outputProperty] = await this.helpers.prepareBinaryData(mp3, `${stem}-redacted.mp3`, 'audio/mpeg');
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
