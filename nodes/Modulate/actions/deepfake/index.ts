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
				action: 'Detect a synthetic voice',
				description: 'Frame-by-frame deepfake verdicts with an overall summary (velma-2-synthetic-voice-detection-batch)',
			},
			{
				name: 'Detect Synthetic Voice (Streaming)',
				value: 'detectSyntheticVoiceStreaming',
				action: 'Detect a synthetic voice over a stream',
				description: 'Frame verdicts and the same summary, streamed over WebSocket (velma-2-synthetic-voice-detection-streaming)',
			},
		],
		default: 'detectSyntheticVoice',
	},
	...detectSyntheticVoice.description,
	...detectSyntheticVoiceStreaming.description,
];
