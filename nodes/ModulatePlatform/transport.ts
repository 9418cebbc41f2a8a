/**
 * The Platform node's two calls (submit, status), on the shared transport: authenticated by the
 * `modulatePlatformApi` credential, classified in classify.ts, transient failures retried.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { listExtensions } from '../shared/audioFormats';
import { modulateRequest } from '../shared/transport/request';
import type { TransportSettings } from '../shared/transport/request';
import { PLATFORM_EXTENSIONS, SUBMIT_PATH, statusPath } from './platformApi';

export const PLATFORM_CREDENTIAL = 'modulatePlatformApi';

export async function postSubmission(
	this: IExecuteFunctions,
	itemIndex: number,
	body: IDataObject,
	operation: string,
	settings: TransportSettings,
): Promise<IDataObject> {
	const response = await modulateRequest.call(
		this,
		itemIndex,
		{
			credentialType: PLATFORM_CREDENTIAL,
			method: 'POST',
			path: SUBMIT_PATH,
			body: () => ({ body, headers: { 'content-type': 'application/json' } }),
			operation: `${operation} (POST ${SUBMIT_PATH})`,
			failureContext: { surface: 'platform', target: SUBMIT_PATH },
			hints: {
				unsupportedFormat: `The Platform takes ${listExtensions(PLATFORM_EXTENSIONS)}`,
			},
		},
		settings,
	);
	return asJson(response.body);
}

export async function getJobStatus(
	this: IExecuteFunctions,
	itemIndex: number,
	jobId: string,
	operation: string,
	settings: TransportSettings,
): Promise<IDataObject> {
	const response = await modulateRequest.call(
		this,
		itemIndex,
		{
			credentialType: PLATFORM_CREDENTIAL,
			method: 'GET',
			path: statusPath(jobId),
			operation: `${operation} (job ${jobId})`,
			failureContext: { surface: 'platform', target: `job ${jobId}` },
		},
		settings,
	);
	return asJson(response.body);
}

function asJson(body: unknown): IDataObject {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
	return { response: body as string };
}
