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
				action: 'Transcribe a call recording into text with speakers',
				description: 'Takes a recording (file or URL); returns the transcript, speaker turns with times, and optional emotion, accent, deepfake and PII/PHI signals (velma-2-stt-batch)',
			},
			{
				name: 'Transcribe (Streaming)',
				value: 'transcribeStreaming',
				action: 'Transcribe a call recording over a live stream',
				description: 'Takes a recording (file or URL) and streams it over WebSocket; returns the utterances as Transcribe does, with partial results if asked (velma-2-stt-streaming)',
			},
			{
				name: 'Transcribe English (Fast)',
				value: 'transcribeEnglishFast',
				action: 'Transcribe a recording in english quickly into plain text',
				description: 'Takes an English recording (file or URL); returns the text and the duration only, fast (velma-2-stt-batch-english-vfast)',
			},
			{
				name: 'Transcribe English V2 (Streaming)',
				value: 'transcribeEnglishV2Streaming',
				action: 'Transcribe a recording in english over a low latency stream',
				description: 'Takes an English recording (file or URL) and streams it over WebSocket; returns the utterances with low latency (velma-2-stt-streaming-english-v2)',
			},
			{
				name: 'Transcribe Multilingual (Fast)',
				value: 'transcribeMultilingualFast',
				action: 'Transcribe a recording in any language quickly into plain text',
				description: 'Takes a recording in any supported language (file or URL); returns the text and the duration only, fast (velma-2-stt-batch-multilingual-vfast)',
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
