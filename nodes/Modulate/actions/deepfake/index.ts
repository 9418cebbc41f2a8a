import type { INodeProperties } from 'n8n-workflow';
import type { ItemOperation } from '../../../shared/itemRunner';
import * as detectSyntheticVoice from './detectSyntheticVoice.operation';
import * as detectSyntheticVoiceStreaming from './detectSyntheticVoiceStreaming.operation';

export const operations: Record<string, ItemOperation> = {
	detectSyntheticVoice: detectSyntheticVoice.execute,
	detectSyntheticVoiceStreaming: detectSyntheticVoiceStreaming.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['deepfake'] } },
		options: [
			{
				name: 'Detect Synthetic Voice',
				value: 'detectSyntheticVoice',
				action: 'Detect whether a voice in a recording is synthetic',
				description: 'Takes a recording (file or URL); returns an overall deepfake verdict with a verdict per frame (velma-2-synthetic-voice-detection-batch)',
			},
			{
				name: 'Detect Synthetic Voice (Streaming)',
				value: 'detectSyntheticVoiceStreaming',
				action: 'Detect whether a voice in a recording is synthetic over a stream',
				description: 'Takes a recording (file or URL) and streams it over WebSocket; returns the same verdicts as the batch operation (velma-2-synthetic-voice-detection-streaming)',
			},
		],
		default: 'detectSyntheticVoice',
	},
	...detectSyntheticVoice.description,
	...detectSyntheticVoiceStreaming.description,
];
