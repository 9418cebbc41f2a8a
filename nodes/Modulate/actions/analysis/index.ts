import type { INodeProperties } from 'n8n-workflow';
import type { ItemOperation } from '../../../shared/itemRunner';
import * as detectAccent from './detectAccent.operation';
import * as detectAiMusic from './detectAiMusic.operation';
import * as detectEmotion from './detectEmotion.operation';
import * as detectLanguage from './detectLanguage.operation';
import * as detectMusic from './detectMusic.operation';

export const operations: Record<string, ItemOperation> = {
	detectEmotion: detectEmotion.execute,
	detectAccent: detectAccent.execute,
	detectLanguage: detectLanguage.execute,
	detectMusic: detectMusic.execute,
	detectAiMusic: detectAiMusic.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['analysis'] } },
		options: [
			{
				name: 'Detect Accent',
				value: 'detectAccent',
				action: 'Detect the accent of the speakers in a recording',
				description: 'Takes a recording (file or URL); returns one accent label for the file and one per time window (velma-2-accent-batch)',
			},
			{
				name: 'Detect AI Music',
				value: 'detectAiMusic',
				action: 'Detect whether music in a recording is AI generated',
				description: 'Takes a recording (file or URL); returns a verdict on AI-generated vocals or instrumentals, with a per-window breakdown (velma-2-ai-music-detection-batch)',
			},
			{
				name: 'Detect Emotion',
				value: 'detectEmotion',
				action: 'Detect the emotions of the speakers in a recording',
				description: 'Takes a recording (file or URL); returns one emotion label for the file and one per time window (velma-2-emotion-batch)',
			},
			{
				name: 'Detect Language',
				value: 'detectLanguage',
				action: 'Detect the spoken language of a recording',
				description: 'Takes a recording (file or URL); returns the language name, its ISO code and a confidence (velma-2-language-detection-batch)',
			},
			{
				name: 'Detect Music',
				value: 'detectMusic',
				action: 'Detect how much of a recording is music or speech',
				description: 'Takes a recording (file or URL); returns the share of music and speech with per-frame probabilities (velma-2-music-detection-batch)',
			},
		],
		default: 'detectEmotion',
	},
	...detectEmotion.description,
	...detectAccent.description,
	...detectLanguage.description,
	...detectMusic.description,
	...detectAiMusic.description,
];
