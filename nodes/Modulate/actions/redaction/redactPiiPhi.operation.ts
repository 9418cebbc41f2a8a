import { updateDisplayOptions } from 'n8n-workflow';
import { readAudioSource } from '../../../shared/audioSource';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { audioSourceFields, forOperation, optionsCollection } from '../../../shared/fields';
import { sortedOptions } from '../../streaming/fields';
import { requestOptionFields, transportSettingsFrom } from '../../../shared/requestOptions';
import { readBatchAudio } from '../../transport/batch';
import { paddingFrom, redactedBinary, redactedOutputFrom, redactionOptionFields, subtitleSettingsFrom } from '../../options/redaction';
import { languageFrom } from '../../options/transcription';
import { redactBatch } from './redactBatch';
import { redactionSummary } from './redactionSummary';
import type { ItemCredentials } from '../../../shared/transport/credentials';
import { buildTranscriptOutput, transcriptFormatOptionFields } from '../../output/transcriptOutput';
import { simplifyFields } from '../../output/simplify';

const properties: INodeProperties[] = [
	...audioSourceFields,
	...simplifyFields,
	optionsCollection(sortedOptions([...redactionOptionFields, ...transcriptFormatOptionFields, ...requestOptionFields])),
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
	const transcriptSettings = subtitleSettingsFrom(this, itemIndex, output, options);
	const audio = await readBatchAudio(this, itemIndex, source, { operation: 'Redact PII/PHI' });

	const { metadata, mp3 } = await redactBatch(this, itemIndex, credentials, {
		audio,
		settings: transportSettingsFrom(options),
		speakerDiarization: (options.speakerDiarization as boolean | undefined) ?? true,
		padding,
		language,
		operation: 'Redact PII/PHI',
	});
	const binary = await redactedBinary(this, itemIndex, output, audio.fileName, mp3);
	const subtitles = await buildTranscriptOutput(
		this,
		transcriptSettings,
		{ utterances: metadata.utterances, text: metadata.text, durationMs: metadata.duration_ms },
		audio.fileName,
	);
	return {
		json: { ...metadata, ...redactionSummary(metadata), transcript: subtitles.transcript },
		binary: { ...binary, ...subtitles.binary },
	};
}
