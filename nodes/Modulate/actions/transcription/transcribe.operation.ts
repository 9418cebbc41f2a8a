import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readAudioSource } from '../../../shared/audioSource';
import { audioSourceFields, forOperation, optionsCollection } from '../../../shared/fields';
import { sortedOptions } from '../../streaming/fields';
import { requestOptionFields, transportSettingsFrom } from '../../../shared/requestOptions';
import type { ItemCredentials } from '../../../shared/transport/credentials';
import {
	customTermsConfig,
	languageFrom,
	sttFlags,
	termEntries,
	transcriptionOptionFields,
} from '../../options/transcription';
import { postBatch, readBatchAudio } from '../../transport/batch';
import { buildTranscriptOutput, transcriptFormatOptionFields, transcriptOutputFrom } from '../../output/transcriptOutput';
import { simplifyFields } from '../../output/simplify';

const MODEL = 'velma-2-stt-batch';
const OPERATION = 'Transcribe';

const properties: INodeProperties[] = [
	...audioSourceFields,
	...simplifyFields,
	optionsCollection(sortedOptions([...transcriptionOptionFields, ...transcriptFormatOptionFields, ...requestOptionFields])),
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
	const transcriptSettings = transcriptOutputFrom(options);
	const audio = await readBatchAudio(this, itemIndex, source, { operation: OPERATION });
	const { body } = await postBatch<IDataObject>(
		this,
		itemIndex,
		credentials,
		{
			audio,
			settings: transportSettingsFrom(options),
			fields: {
				...sttFlags(options),
				language,
				config: customTerms.length ? JSON.stringify({ custom_terms: customTerms }) : undefined,
			},
		},
		{ model: MODEL, operation: OPERATION },
	);
	const { transcript, binary } = await buildTranscriptOutput(
		this,
		transcriptSettings,
		{ utterances: body.utterances, text: body.text, durationMs: body.duration_ms },
		audio.fileName,
	);
	return { json: { ...body, transcript }, ...(binary ? { binary } : {}) };
}
