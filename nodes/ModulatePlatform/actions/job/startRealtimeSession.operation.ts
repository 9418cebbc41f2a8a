/**
 * Job → Start Realtime Session: `submission_type: "realtime_websocket"`, no file. Outputs Modulate's
 * answer (job id, `realtime_url`) for a streaming client; the node itself does not stream.
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { forOperation } from '../../../shared/fields';
import { runPerItem } from '../../../shared/itemRunner';
import type { ItemCredentials } from '../../../shared/transport/credentials';
import { maskSecrets } from '../../../shared/transport/secrets';
import { optionsField } from '../../fields';
import { optionsParameter, submissionSettings } from '../parameters';
import { flagsFrom, readRealtimeUrl, realtimeBody } from '../../platformApi';
import { postSubmission, PLATFORM_CREDENTIAL } from '../../transport';

const OPERATION = 'Start Realtime Session';

const properties: INodeProperties[] = [optionsField(true)];

export const description = updateDisplayOptions(forOperation('job', 'startRealtimeSession'), properties);

async function start(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<INodeExecutionData> {
	const options = optionsParameter(this, itemIndex);
	const body = await postSubmission.call(
		this,
		itemIndex,
		credentials,
		realtimeBody(flagsFrom(options)),
		OPERATION,
		submissionSettings(options),
		'realtime',
	);
	const url = readRealtimeUrl(body)!;
	// the URL is for a client to connect to; it must never carry our own key into the output (a session
	// token of its own is fine, so only the credential's key is masked)
	const json: IDataObject = { ...body, realtime_url: maskSecrets(url, credentials.secrets) };
	return { json };
}

export async function execute(this: IExecuteFunctions, maxConcurrency: number): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, start, PLATFORM_CREDENTIAL, maxConcurrency);
}
