import type { INodeProperties } from 'n8n-workflow';
import type { ItemOperation } from '../../../shared/itemRunner';
import * as transcribe from './transcribe.operation';
import * as transcribeEnglishFast from './transcribeEnglishFast.operation';
import * as transcribeEnglishV2Streaming from './transcribeEnglishV2Streaming.operation';
import * as transcribeMultilingualFast from './transcribeMultilingualFast.operation';
import * as transcribeStreaming from './transcribeStreaming.operation';

export const operations: Record<string, ItemOperation> = {
	transcribe: transcribe.execute,
	transcribeEnglishFast: transcribeEnglishFast.execute,
	transcribeMultilingualFast: transcribeMultilingualFast.execute,
	transcribeStreaming: transcribeStreaming.execute,
	transcribeEnglishV2Streaming: transcribeEnglishV2Streaming.execute,
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
				name: 'Transcribe (Streaming)',
				value: 'transcribeStreaming',
				action: 'Transcribe a recording over a stream',
				description: 'Multilingual utterances with the batch options plus partial results, streamed over WebSocket (velma-2-stt-streaming)',
			},
			{
				name: 'Transcribe English (Fast)',
				value: 'transcribeEnglishFast',
				action: 'Transcribe a recording with the fast english model',
				description: 'Fast English-only transcript, text and duration (velma-2-stt-batch-english-vfast)',
			},
			{
				name: 'Transcribe English V2 (Streaming)',
				value: 'transcribeEnglishV2Streaming',
				action: 'Transcribe a recording with the low latency english model over a stream',
				description: 'Low-latency English transcript, streamed over WebSocket (velma-2-stt-streaming-english-v2)',
			},
			{
				name: 'Transcribe Multilingual (Fast)',
				value: 'transcribeMultilingualFast',
				action: 'Transcribe a recording with the fast multilingual model',
				description: 'Fast transcript in any supported language, text and duration (velma-2-stt-batch-multilingual-vfast)',
			},
		],
		default: 'transcribe',
	},
	...transcribe.description,
	...transcribeEnglishFast.description,
	...transcribeMultilingualFast.description,
	...transcribeStreaming.description,
	...transcribeEnglishV2Streaming.description,
];
