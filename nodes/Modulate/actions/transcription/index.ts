import type { INodeProperties } from 'n8n-workflow';
import type { ItemOperation } from '../../../shared/itemRunner';
import * as transcribe from './transcribe.operation';
import * as transcribeEnglishFast from './transcribeEnglishFast.operation';

export const operations: Record<string, ItemOperation> = {
	transcribe: transcribe.execute,
	transcribeEnglishFast: transcribeEnglishFast.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['transcription'] } },
		options: [
			{
				name: 'Transcribe',
				value: 'transcribe',
				action: 'Transcribe a recording',
				description: 'Multilingual transcript with speakers, and optional emotion, accent, deepfake and PII/PHI signals (velma-2-stt-batch)',
			},
			{
				name: 'Transcribe English (Fast)',
				value: 'transcribeEnglishFast',
				action: 'Transcribe a recording with the fast english model',
				description: 'Fast English-only transcript, text and duration (velma-2-stt-batch-english-vfast)',
			},
		],
		default: 'transcribe',
	},
	...transcribe.description,
	...transcribeEnglishFast.description,
];
