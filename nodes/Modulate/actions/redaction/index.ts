import type { INodeProperties } from 'n8n-workflow';
import type { ItemOperation } from '../../../shared/itemRunner';
import * as redactPiiPhi from './redactPiiPhi.operation';

export const operations: Record<string, ItemOperation> = {
	redactPiiPhi: redactPiiPhi.execute,
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
		],
		default: 'redactPiiPhi',
	},
	...redactPiiPhi.description,
];
