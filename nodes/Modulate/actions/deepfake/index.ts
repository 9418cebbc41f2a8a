import type { INodeProperties } from 'n8n-workflow';
import type { ItemOperation } from '../../../shared/itemRunner';
import * as detectSyntheticVoice from './detectSyntheticVoice.operation';

export const operations: Record<string, ItemOperation> = {
	detectSyntheticVoice: detectSyntheticVoice.execute,
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
		],
		default: 'detectSyntheticVoice',
	},
	...detectSyntheticVoice.description,
];
