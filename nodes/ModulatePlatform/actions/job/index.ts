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
				action: 'Get the status and results of a job by its job ID',
				description: 'Takes a job ID; makes one status call and returns the answer as it is: the status, and the results once the job is done',
			},
			{
				name: 'Start Realtime Session',
				value: 'startRealtimeSession',
				action: 'Start a realtime session and get its job ID and stream URL',
				description: 'Needs no input; creates a realtime job and returns its job ID and the realtime URL for a streaming client',
			},
			{
				name: 'Submit',
				value: 'submit',
				action: 'Submit a call recording for full analysis as a job',
				description: 'Takes one recording per item (file or URL; mp3, wav or opus, up to 5 MB); returns the job ID, or with Wait for Completion the transcript with emotion, demographics, deepfake and behavioral results',
			},
			{
				name: 'Submit Multi-File',
				value: 'submitMultiFile',
				action: 'Submit several recordings together as one job',
				description: 'Takes all items (or each group of items) as the files of one job; returns the job ID, or with Wait for Completion the results',
			},
			{
				name: 'Wait for Completion',
				value: 'waitForCompletion',
				action: 'Wait for jobs to finish and get their results',
				description: 'Takes job IDs; polls each until it is done and returns its results',
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
