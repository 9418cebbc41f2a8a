import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readAudioSource } from '../../../shared/audioSource';
import { audioSourceFields, forOperation, optionsCollection } from '../../../shared/fields';
import { STREAMING_CONTAINERS } from '../../streaming/audioPlan';
import { sortedOptions, streamingOptionFields, streamingSettingsFrom } from '../../streaming/fields';
import { streamItem } from '../../streaming/run';
import {
	customTermsConfig,
	languageFrom,
	sttFlags,
	termEntries,
	transcriptionOptionFields,
	UtteranceCollector,
} from '../../options/transcription';
import type { ItemCredentials } from '../../../shared/transport/credentials';

const MODEL = 'velma-2-stt-streaming';
const OPERATION = 'Transcribe (Streaming)';

const properties: INodeProperties[] = [
	...audioSourceFields,
	optionsCollection(sortedOptions([
		...transcriptionOptionFields,
		{
			displayName: 'Partial Results',
			name: 'partialResults',
			type: 'boolean',
			default: false,
			description:
				'Whether Modulate also sends in-progress (partial) utterances. They are superseded by the final utterances, so they appear only with "Include Raw Events".',
		},
		...streamingOptionFields,
	])),
];

export const description = updateDisplayOptions(forOperation('transcription', 'transcribeStreaming'), properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<INodeExecutionData> {
	const source = readAudioSource((name, fallback) => this.getNodeParameter(name, itemIndex, fallback));
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const customTerms = customTermsConfig.call(this, itemIndex, termEntries(options));
	const language = languageFrom(this, itemIndex, options);
	const configFrame: IDataObject = {
		...sttFlags(options),
		partial_results: (options.partialResults as boolean | undefined) ?? false,
	};
	if (language) configFrame.language = language;
	if (customTerms.length) configFrame.custom_terms = customTerms;

	const { collector, events } = await streamItem(
		this,
		itemIndex,
		credentials,
		{ source, settings: streamingSettingsFrom(options) },
		{
			model: MODEL,
			operation: OPERATION,
			containers: STREAMING_CONTAINERS,
			configFrame,
			createCollector: () => new UtteranceCollector(),
		},
	);
	return { json: { ...collector.result(), ...(events ? { events } : {}) } };
}
