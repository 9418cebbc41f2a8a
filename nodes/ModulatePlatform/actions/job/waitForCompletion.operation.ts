/**
 * Job → Wait for Completion: polls each item's job until it is completed (output: the job's result,
 * untouched) or failed (an error naming the job and its reason). All items' jobs are waited on together.
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { forOperation } from '../../../shared/fields';
import { inputError } from '../../../shared/transport/errors';
import { transportSettingsFrom } from '../../../shared/requestOptions';
import { readItemCredentials } from '../../../shared/transport/credentials';
import { jobIdField, jobIdFrom, optionsField } from '../../fields';
import { maxConcurrentStatusChecksFrom, pollingOptionsField, pollSettingsFrom } from '../../polling/fields';
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
		const jobId = jobIdFrom(this.getNodeParameter('jobId', itemIndex, ''));
		if (!jobId) {
			results[itemIndex] = {
				ok: false,
				items: [itemIndex],
				error: inputError(
					this.getNode(),
					itemIndex,
					'no job ID to wait for',
					'Set "Job ID", e.g. to {{ $json.job_id }} after a Submit with "Wait for Completion" off.',
				),
			};
			continue;
		}
		const polling = this.getNodeParameter('pollingOptions', itemIndex, {}) as IDataObject;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const read = await settle(async () => await readItemCredentials(this, PLATFORM_CREDENTIAL, itemIndex));
		if (!read.ok) {
			results[itemIndex] = { ok: false, items: [itemIndex], error: read.error };
			continue;
		}
		const poll = pollSettingsFrom(polling);
		jobs.push({ itemIndex, jobId, startedAt, poll, transport: transportSettingsFrom(options), credentials: read.value });
	}
	if (results.some((r) => r && !r.ok) && !this.continueOnFail()) return await toOutput.call(this, results.filter(Boolean));

	const outcomes = await waitForJobs.call(this, jobs, {
		operation: OPERATION,
		stopOnFirstFailure: !this.continueOnFail(),
		maxConcurrentStatusChecks: maxConcurrentStatusChecksFrom(
			items.length ? (this.getNodeParameter('pollingOptions', 0, {}) as IDataObject) : undefined,
		),
	});
	recordWaits(results, jobs, outcomes);
	return await toOutput.call(this, results);
}
