import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { resolveAudio } from '../shared/binary';
import { optionsCollection } from '../shared/fields';
import { requestOptionFields } from '../shared/requestOptions';
import { toNodeError } from '../shared/transport/errors';
import type { FilePayload } from './platformApi';
import { PLATFORM_EXTENSIONS, PLATFORM_MAX_FILE_BYTES } from './platformApi';

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

export interface PlatformAudio extends FilePayload {
	size: number;
}

/** Checks an item's audio (mp3/wav/opus, ≤ 5 MB) without loading it. */
export async function checkPlatformAudio(
	ctx: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: string,
	operation: string,
) {
	return await resolveAudio.call(ctx, itemIndex, binaryPropertyName, {
		extensions: PLATFORM_EXTENSIONS,
		maxBytes: PLATFORM_MAX_FILE_BYTES,
		operation,
	});
}

/** The audio as the JSON body carries it: base64 (the 5 MB cap keeps this small). */
export async function platformPayload(audio: Awaited<ReturnType<typeof checkPlatformAudio>>): Promise<PlatformAudio> {
	const buffer = await audio.toBuffer();
	return { base64: buffer.toString('base64'), extension: audio.extension, fileName: audio.fileName, size: audio.size };
}

/** An answer without what we need (e.g. no job id): permanent, shows which fields came back. */
export function unexpectedAnswer(
	ctx: IExecuteFunctions,
	itemIndex: number,
	secrets: string[],
	operation: string,
	missing: string,
	body: IDataObject,
): Error {
	return toNodeError(
		ctx.getNode(),
		{
			category: 'unknown',
			retryable: false,
			cause: `Modulate's answer has no ${missing}`,
			fix: 'The Platform API may have changed; the names the node expects are in nodes/ModulatePlatform/platformApi.ts',
			detail: `fields received: ${Object.keys(body).join(', ') || '(none)'}`,
			operation,
		},
		itemIndex,
		secrets,
	);
}
