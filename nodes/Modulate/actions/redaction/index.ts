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
				action: 'Redact personal and health data',
				description: 'Redacted transcript and redacted MP3 with personal and health data silenced (velma-2-pii-phi-redaction-batch)',
			},
			{
				name: 'Redact PII/PHI (Streaming)',
				value: 'redactPiiPhiStreaming',
				action: 'Redact personal and health data over a stream',
				description: 'Redacted utterances and the redacted MP3 clips joined into one file, streamed over WebSocket (velma-2-pii-phi-redaction-streaming)',
			},
		],
		default: 'redactPiiPhi',
	},
	...redactPiiPhi.description,
	...redactPiiPhiStreaming.description,
];
