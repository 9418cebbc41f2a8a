/** The Platform operations' own fields (features, job id); polling has its own in polling/fields.ts. */
import type { INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../shared/fields';
import { requestOptionFields } from '../shared/requestOptions';

/** The analysis features, as friendly switches (mapped to `flags` in platformApi.ts). */
export const featureOptionFields: INodeProperties[] = [
	{
		displayName: 'Behavioral Insights',
		name: 'behavioralInsights',
		type: 'boolean',
		default: false,
		description: 'Whether to add behavioral insights to the job result',
	},
	{
		displayName: 'Deepfake Detection',
		name: 'deepfakeDetection',
		type: 'boolean',
		default: false,
		description: 'Whether to check the voices for synthetic speech',
	},
	{
		displayName: 'Demographics',
		name: 'demographics',
		type: 'boolean',
		default: false,
		description: 'Whether to estimate speaker demographics',
	},
	{
		displayName: 'Emotion',
		name: 'emotion',
		type: 'boolean',
		default: false,
		description: 'Whether to annotate utterances with emotion',
	},
];

export function optionsField(withFeatures: boolean): INodeProperties {
	return optionsCollection([...(withFeatures ? featureOptionFields : []), ...requestOptionFields]);
}

export const jobIdField: INodeProperties = {
	displayName: 'Job ID',
	name: 'jobId',
	type: 'string',
	default: '={{ $json.job_id }}',
	required: true,
	description: 'The job ID returned by Submit, e.g. from the previous node by expression',
};

/** The "Job ID" parameter as text: an expression may hand over a number. */
export function jobIdFrom(value: unknown): string {
	return (typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '').trim();
}
