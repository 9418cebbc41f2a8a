/** Job → Get Status: one status call per item; the answer is output untouched. */
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { forOperation } from '../../../shared/fields';
import { runPerItem } from '../../../shared/itemRunner';
import { transportSettingsFrom } from '../../../shared/requestOptions';
import type { ItemCredentials } from '../../../shared/transport/credentials';
import { jobIdField, optionsField } from '../../fields';
import { jobIdParameter, optionsParameter } from '../parameters';
import { getJobStatus, PLATFORM_CREDENTIAL } from '../../transport';

const OPERATION = 'Get Status';

const properties: INodeProperties[] = [jobIdField, optionsField(false)];

export const description = updateDisplayOptions(forOperation('job', 'getStatus'), properties);

async function statusOf(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<INodeExecutionData> {
	const jobId = jobIdParameter(this, itemIndex, 'check');
	const options = optionsParameter(this, itemIndex);
	const body = await getJobStatus.call(this, itemIndex, credentials, jobId, OPERATION, transportSettingsFrom(options));
	return { json: body };
}

export async function execute(this: IExecuteFunctions, maxConcurrency: number): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, statusOf, PLATFORM_CREDENTIAL, maxConcurrency);
}
