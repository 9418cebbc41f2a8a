import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readAudioSource } from '../../../shared/audioSource';
import { audioSourceFields, forOperation, optionsCollection } from '../../../shared/fields';
import { STREAMING_CONTAINERS } from '../../streaming/audioPlan';
import { sortedOptions, streamingOptionFields, streamingSettingsFrom } from '../../streaming/fields';
import { streamItem } from '../../streaming/run';
import { UtteranceCollector } from '../../options/transcription';
import type { ItemCredentials } from '../../../shared/transport/credentials';

const MODEL = 'velma-2-stt-streaming-english-v2';
const OPERATION = 'Transcribe English v2 (Streaming)';

const properties: INodeProperties[] = [
	...audioSourceFields,
	optionsCollection(sortedOptions([...streamingOptionFields])),
];

export const description = updateDisplayOptions(forOperation('transcription', 'transcribeEnglishV2Streaming'), properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<INodeExecutionData> {
	const source = readAudioSource((name, fallback) => this.getNodeParameter(name, itemIndex, fallback));
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const { collector, events } = await streamItem(
		this,
		itemIndex,
		credentials,
		{ source, settings: streamingSettingsFrom(options) },
		{
			model: MODEL,
			operation: OPERATION,
			containers: STREAMING_CONTAINERS,
			createCollector: () => new UtteranceCollector(),
		},
	);
	// English v2 sends one final utterance with the whole transcript (partials replace, never append),
	// so the output has the shape of the batch English (Fast) operation: text and duration.
	const { text, duration_ms } = collector.result();
	const json: IDataObject = { text, duration_ms };
	if (events) json.events = events;
	return { json };
}
