import type { INodeProperties } from 'n8n-workflow';
import type { RoutedOperation } from '../types';
import * as analyzeConversation from './analyzeConversation.operation';
import * as listPresets from './listPresets.operation';

export const operations: Record<string, RoutedOperation> = {
	analyzeConversation: analyzeConversation.execute,
	listPresets: { list: listPresets.list },
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['conversation'] } },
		options: [
			{
				name: 'Analyze Conversation',
				value: 'analyzeConversation',
				action: 'Analyze a recorded conversation for roles and topics and sentiment',
				description: 'Takes a recording (file or URL); returns transcript clips with conversation type, participant roles, behaviors, topics, sentiments and a summary (velma-2-batch)',
			},
			{
				name: 'List Presets',
				value: 'listPresets',
				action: 'List the behaviors conversation analysis can look for',
				description: 'Needs no input; returns the behavior presets Analyze Conversation can look for, one item each (velma-2-batch/list-presets)',
			},
		],
		default: 'analyzeConversation',
	},
	...analyzeConversation.description,
	...listPresets.description,
];
