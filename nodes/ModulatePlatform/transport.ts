/**
 * The Platform node's two calls (submit, status), on the shared transport: authenticated by the
 * `modulatePlatformApi` credential, classified in classify.ts, transient failures retried.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { listExtensions } from '../shared/audioFormats';
import type { ItemCredentials } from '../shared/transport/credentials';
import type { FailureInfo } from '../shared/transport/errors';
import { modulateRequest, sendRequest } from '../shared/transport/request';
import type { ModulateRequest, TransportSettings } from '../shared/transport/request';
import { PLATFORM_EXTENSIONS, SUBMIT_PATH, statusPath } from './platformApi';

export const PLATFORM_CREDENTIAL = 'modulatePlatformApi';

function submissionRequest(body: IDataObject, operation: string): ModulateRequest {
	return {
		method: 'POST',
		path: SUBMIT_PATH,
		body: () => ({ body, headers: { 'content-type': 'application/json' } }),
		operation: `${operation} (POST ${SUBMIT_PATH})`,
		failureContext: { surface: 'platform', target: SUBMIT_PATH },
		hints: {
			unsupportedFormat: `The Platform takes ${listExtensions(PLATFORM_EXTENSIONS)}`,
		},
	};
}

function statusRequest(jobId: string, operation: string): ModulateRequest {
	return {
		method: 'GET',
		path: statusPath(jobId),
		operation: `${operation} (job ${jobId})`,
		failureContext: { surface: 'platform', target: `job ${jobId}` },
	};
}

export async function postSubmission(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
	body: IDataObject,
	operation: string,
	settings: TransportSettings,
): Promise<IDataObject> {
	const response = await modulateRequest.call(this, itemIndex, credentials, submissionRequest(body, operation), settings);
	return asJson(response.body);
}

export async function getJobStatus(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
	jobId: string,
	operation: string,
	settings: TransportSettings,
): Promise<IDataObject> {
	const response = await modulateRequest.call(this, itemIndex, credentials, statusRequest(jobId, operation), settings);
	return asJson(response.body);
}

/** A status call whose failure comes back classified, for the wait loop to judge. */
export async function checkJobStatus(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
	jobId: string,
	operation: string,
	settings: TransportSettings,
): Promise<{ ok: true; body: IDataObject } | { ok: false; failure: FailureInfo }> {
	const outcome = await sendRequest.call(this, itemIndex, credentials, statusRequest(jobId, operation), settings);
	return outcome.ok ? { ok: true, body: asJson(outcome.value.body) } : outcome;
}

function asJson(body: unknown): IDataObject {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
	return { response: body as string };
}
