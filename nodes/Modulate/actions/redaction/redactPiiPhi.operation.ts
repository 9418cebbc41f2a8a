import { updateDisplayOptions } from 'n8n-workflow';
import { readAudioSource } from '../../../shared/audioSource';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { audioSourceFields, forOperation, optionsCollection } from '../../../shared/fields';
import { parseRedactionAnswer, redactionAnswerReader } from '../../transport/answers';
import { requestOptionFields, transportSettingsFrom } from '../../../shared/requestOptions';
import { postBatch, readBatchAudio } from '../../transport/batch';
import { classifyInvalidAnswer } from '../../../shared/transport/classify';
import { toNodeError } from '../../../shared/transport/errors';
import { paddingFrom, redactedBinary, redactedOutputFrom, redactionOptionFields } from '../../options/redaction';
import { languageFrom } from '../../options/transcription';
import { redactionSummary } from './redactionSummary';
import type { ItemCredentials } from '../../../shared/transport/credentials';

const MODEL = 'velma-2-pii-phi-redaction-batch';

const properties: INodeProperties[] = [
	...audioSourceFields,
	optionsCollection([...redactionOptionFields, ...requestOptionFields]),
];

export const description = updateDisplayOptions(forOperation('redaction', 'redactPiiPhi'), properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<INodeExecutionData> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const source = readAudioSource((name, fallback) => this.getNodeParameter(name, itemIndex, fallback));
	const output = redactedOutputFrom(this, itemIndex, source.kind === 'binary' ? source.propertyName : undefined, options);
	const language = languageFrom(this, itemIndex, options);
	const padding = paddingFrom(this, itemIndex, options);
	const audio = await readBatchAudio(this, itemIndex, source, { operation: 'Redact PII/PHI' });

	const response = await postBatch(this, itemIndex, credentials, {
		audio,
		settings: transportSettingsFrom(options),
		fields: {
			speaker_diarization: (options.speakerDiarization as boolean | undefined) ?? true,
			start_redaction_padding_ms: padding.startMs,
			end_redaction_padding_ms: padding.endMs,
			language,
		},
	}, { model: MODEL, operation: 'Redact PII/PHI', responseType: 'buffer', answer: redactionAnswerReader });

	// The reader has checked the answer, so this parse succeeds.
	const read = parseRedactionAnswer(response.body, String(response.headers['content-type'] ?? ''));
	if ('problem' in read) {
		const failure = classifyInvalidAnswer(read.problem, { surface: 'models', target: MODEL });
		throw toNodeError(this.getNode(), { ...failure, operation: `Redact PII/PHI (${MODEL})` }, itemIndex, credentials.secrets);
	}
	const { metadata, mp3 } = read;
	const binary = await redactedBinary(this, itemIndex, output, audio.fileName, mp3);
	return { json: { ...metadata, ...redactionSummary(metadata) }, binary };
}
