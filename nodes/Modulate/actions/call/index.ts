import type { INodeProperties } from 'n8n-workflow';
import type { RoutedOperation } from '../types';
import * as analyzeCall from './analyzeCall.operation';

export const operations: Record<string, RoutedOperation> = {
	analyzeCall: analyzeCall.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['call'] } },
		options: [
			{
				name: 'Analyze Call',
				value: 'analyzeCall',
				action: 'Analyze a call recording',
				description:
					'One record per call: transcript, speakers and talk time, redaction, synthetic voice verdict, conversation summary and behaviors; the analyses run in parallel',
			},
		],
		default: 'analyzeCall',
	},
	...analyzeCall.description,
];
