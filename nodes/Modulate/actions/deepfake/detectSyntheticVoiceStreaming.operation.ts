import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readAudioSource } from '../../../shared/audioSource';
import { audioSourceFields, forOperation, optionsCollection } from '../../../shared/fields';
import { SYNTHETIC_VOICE_STREAMING_CONTAINERS } from '../../streaming/audioPlan';
import { sortedOptions, streamingOptionFields, streamingSettingsFrom } from '../../streaming/fields';
import { streamItem } from '../../streaming/run';
import type { StreamCollector } from '../../streaming/session';
import { summarizeFrames } from './syntheticFrames';
import type { SyntheticFrame } from './syntheticFrames';
import type { ItemCredentials } from '../../../shared/transport/credentials';

const MODEL = 'velma-2-synthetic-voice-detection-streaming';
const OPERATION = 'Detect Synthetic Voice (Streaming)';

const properties: INodeProperties[] = [
	...audioSourceFields,
	optionsCollection(sortedOptions([...streamingOptionFields])),
];

export const description = updateDisplayOptions(forOperation('deepfake', 'detectSyntheticVoiceStreaming'), properties);

class FrameCollector implements StreamCollector {
	frames: SyntheticFrame[] = [];
	durationMs = 0;
	frameCount?: number;
	done = false;

	onMessage(message: IDataObject): void {
		if (message.type === 'frame' && message.frame && typeof message.frame === 'object') {
			this.frames.push(message.frame as unknown as SyntheticFrame);
		} else if (message.type === 'done') {
			this.durationMs = Number(message.duration_ms ?? 0);
			if (message.frame_count !== undefined) this.frameCount = Number(message.frame_count);
			this.done = true;
		}
	}

	onBinary(): void {
		// this model sends no binary frames
	}

	isComplete(): boolean {
		return this.done;
	}
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<INodeExecutionData> {
	const source = readAudioSource((name, fallback) => this.getNodeParameter(name, itemIndex, fallback));
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const { collector, audio, events } = await streamItem(
		this,
		itemIndex,
		credentials,
		{ source, settings: streamingSettingsFrom(options) },
		{
			model: MODEL,
			operation: OPERATION,
			containers: SYNTHETIC_VOICE_STREAMING_CONTAINERS,
			createCollector: () => new FrameCollector(),
		},
	);
	const frames = [...collector.frames].sort((a, b) => a.start_time_ms - b.start_time_ms);
	const json: IDataObject = {
		filename: audio.fileName,
		duration_ms: collector.durationMs,
		frame_count: collector.frameCount ?? frames.length,
		frames: frames as unknown as IDataObject[],
		summary: summarizeFrames(frames),
	};
	if (events) json.events = events;
	return { json };
}
