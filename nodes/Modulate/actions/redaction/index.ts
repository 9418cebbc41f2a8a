import type { INodeProperties } from 'n8n-workflow';
import type { ItemOperation } from '../../../shared/itemRunner';
import * as redactPiiPhi from './redactPiiPhi.operation';
import * as redactPiiPhiStreaming from './redactPiiPhiStreaming.operation';

export const operations: Record<string, ItemOperation> = {
	redactPiiPhi: redactPiiPhi.execute,
	redactPiiPhiStreaming: redactPiiPhiStreaming.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['redaction'] } },
		options: [
			{
				name: 'Redact PII/PHI',
				value: 'redactPiiPhi',
				action: 'Redact personal and health data from a recording',
				description: 'Takes a recording (file or URL); returns the transcript with personal and health data tagged, and the recording with them silenced as an MP3 (velma-2-pii-phi-redaction-batch)',
			},
			{
				name: 'Redact PII/PHI (Streaming)',
				value: 'redactPiiPhiStreaming',
				action: 'Redact personal and health data from a recording over a stream',
				description: 'Takes a recording (file or URL) and streams it over WebSocket; returns the redacted utterances and the redacted MP3 clips joined into one file (velma-2-pii-phi-redaction-streaming)',
			},
		],
		default: 'redactPiiPhi',
	},
	...redactPiiPhi.description,
	...redactPiiPhiStreaming.description,
];
