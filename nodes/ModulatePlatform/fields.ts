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

/** Submitting operations only: what to do when a submit's answer is lost (docs/errors.md). */
export const retryLostAnswersField: INodeProperties = {
	displayName: 'Retry Submit After Lost Answer',
	name: 'retryLostAnswers',
	type: 'boolean',
	default: false,
	description:
		"Whether to send an upload again when its answer was lost (connection dropped or timed out, 500/502/504) although the Platform may already have created the job. Off: the item fails and says so, and no job is created twice. On: no upload is lost, but a job may be created (and billed) twice.",
};

/** The Options collection; `forSubmission`: the feature switches and the lost-answer policy too. */
export function optionsField(forSubmission: boolean): INodeProperties {
	const fields = [...(forSubmission ? [...featureOptionFields, retryLostAnswersField] : []), ...requestOptionFields];
	return optionsCollection(fields.sort((a, b) => a.displayName.localeCompare(b.displayName)));
}

export const jobIdField: INodeProperties = {
	displayName: 'Job ID',
	name: 'jobId',
	type: 'string',
	default: '={{ $json.job_id }}',
	required: true,
	description: 'The job ID returned by Submit, e.g. from the previous node by expression',
};
