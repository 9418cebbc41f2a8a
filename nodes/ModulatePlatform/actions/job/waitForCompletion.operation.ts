/**
 * Job → Wait for Completion: polls each item's job until it is completed (output: the job's result,
 * untouched) or failed (an error naming the job and its reason). All items' jobs are waited on together.
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { forOperation } from '../../../shared/fields';
import { transportSettingsFrom } from '../../../shared/requestOptions';
import { readItemCredentials } from '../../../shared/transport/credentials';
import { jobIdField, optionsField } from '../../fields';
import { firstItemPolling, jobIdParameter, optionsParameter, pollingParameter } from '../parameters';
import { maxConcurrentStatusChecksFrom, pollingOptionsField } from '../../polling/fields';
import { waitForJobs } from '../../polling/waitForJobs';
import type { JobToWait } from '../../polling/waitForJobs';
import type { Result } from '../../results';
import { recordWaits, settle, toOutput } from '../../results';
import { PLATFORM_CREDENTIAL } from '../../transport';

const OPERATION = 'Wait for Completion';

const properties: INodeProperties[] = [
	jobIdField,
	pollingOptionsField(),
	optionsField(false),
];

export const description = updateDisplayOptions(forOperation('job', 'waitForCompletion'), properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const startedAt = Date.now();
	const results: Result[] = [];
	const jobs: JobToWait[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const read = await settle(async () => {
			const jobId = jobIdParameter(this, itemIndex, 'wait for');
			const { settings: poll } = pollingParameter(this, itemIndex);
			const transport = transportSettingsFrom(optionsParameter(this, itemIndex));
			const credentials = await readItemCredentials(this, PLATFORM_CREDENTIAL, itemIndex);
			return { itemIndex, jobId, startedAt, poll, transport, credentials };
		});
		if (read.ok) jobs.push(read.value);
		else results[itemIndex] = { ok: false, items: [itemIndex], error: read.error };
	}
	if (results.some((r) => r && !r.ok) && !this.continueOnFail()) return await toOutput.call(this, results.filter(Boolean));

	const outcomes = await waitForJobs.call(this, jobs, {
		operation: OPERATION,
		stopOnFirstFailure: !this.continueOnFail(),
		maxConcurrentStatusChecks: maxConcurrentStatusChecksFrom(items.length ? firstItemPolling(this) : undefined),
	});
	recordWaits(results, jobs, outcomes);
	return await toOutput.call(this, results);
}
