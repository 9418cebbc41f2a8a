import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import * as getStatus from './getStatus.operation';
import * as startRealtimeSession from './startRealtimeSession.operation';
import * as submit from './submit.operation';
import * as submitMultiFile from './submitMultiFile.operation';
import * as waitForCompletion from './waitForCompletion.operation';

/** Platform operations run over all items at once (jobs are submitted and waited on together). */
export type JobOperation = (this: IExecuteFunctions, maxConcurrency: number) => Promise<INodeExecutionData[]>;

export const operations: Record<string, JobOperation> = {
	submit: submit.execute,
	submitMultiFile: submitMultiFile.execute,
	startRealtimeSession: startRealtimeSession.execute,
	getStatus: getStatus.execute,
	waitForCompletion: waitForCompletion.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['job'] } },
		options: [
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get the status of a job',
				description: 'One status call for a job ID; outputs the answer as it is',
			},
			{
				name: 'Start Realtime Session',
				value: 'startRealtimeSession',
				action: 'Start a realtime session',
				description: 'Create a realtime job; outputs its job ID and the realtime URL for a streaming client',
			},
			{
				name: 'Submit',
				value: 'submit',
				action: 'Submit a recording as a job',
				description: 'One recording (mp3, wav or opus, up to 5 MB) per item, one job each; optionally waits for the results',
			},
			{
				name: 'Submit Multi-File',
				value: 'submitMultiFile',
				action: 'Submit several recordings as one job',
				description: 'All items (or each group of items) as one job of several files; optionally waits for the results',
			},
			{
				name: 'Wait for Completion',
				value: 'waitForCompletion',
				action: 'Wait for a job to complete',
				description: 'Poll job IDs until they are done and output their results',
			},
		],
		default: 'submit',
	},
	...submit.description,
	...submitMultiFile.description,
	...startRealtimeSession.description,
	...getStatus.description,
	...waitForCompletion.description,
];
