/**
 * Job → Submit: one item's audio as one single-file job. With "Wait for Completion" (default) the node
 * polls every submitted job at the same time and outputs each finished job's result, untouched.
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { mapWithConcurrency } from '../../../shared/concurrency';
import { audioSourceFields, forOperation } from '../../../shared/fields';
import { readItemCredentials } from '../../../shared/transport/credentials';
import type { ItemCredentials } from '../../../shared/transport/credentials';
import type { TransportSettings } from '../../../shared/transport/request';
import { checkPlatformAudio, platformPayload } from '../../audio';
import { optionsField } from '../../fields';
import { audioSourceParameter, booleanParameter, firstItemPolling, optionsParameter, pollingParameter, submissionSettings } from '../parameters';
import { flagsFrom, readJobId, singleFileBody } from '../../platformApi';
import { maxConcurrentStatusChecksFrom, pollingOptionsField } from '../../polling/fields';
import type { PollSettings } from '../../polling/schedule';
import { waitForJobs } from '../../polling/waitForJobs';
import type { Result } from '../../results';
import { recordWaits, settle, toOutput } from '../../results';
import { PLATFORM_CREDENTIAL, postSubmission } from '../../transport';

const OPERATION = 'Submit';

const properties: INodeProperties[] = [
	...audioSourceFields,
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description:
			'Whether to poll the job until it is done and output its result. Off: output the job reference (job_id) at once, e.g. for the Wait node loop.',
	},
	pollingOptionsField({ show: { waitForCompletion: [true] } }),
	optionsField(true),
];

export const description = updateDisplayOptions(forOperation('job', 'submit'), properties);

interface Submitted {
	jobId: string;
	body: IDataObject;
	at: number;
	transport: TransportSettings;
	credentials: ItemCredentials;
	/** Checked before the upload, so that a bad polling option never leaves a job behind. */
	poll?: PollSettings;
}

async function submitOne(this: IExecuteFunctions, itemIndex: number, wait: boolean): Promise<Submitted> {
	const source = audioSourceParameter(this, itemIndex);
	const options = optionsParameter(this, itemIndex);
	const poll = wait ? pollingParameter(this, itemIndex).settings : undefined;
	const settings = submissionSettings(options);
	const audio = await checkPlatformAudio(this, itemIndex, source, OPERATION);
	const payload = await platformPayload(audio);
	const credentials = await readItemCredentials(this, PLATFORM_CREDENTIAL, itemIndex);
	const body = await postSubmission.call(this, itemIndex, credentials, singleFileBody(payload, flagsFrom(options)), OPERATION, settings);
	return { jobId: readJobId(body)!, body, at: Date.now(), transport: settings, credentials, poll };
}

export async function execute(this: IExecuteFunctions, maxConcurrency: number): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const wait = booleanParameter(this, 'waitForCompletion', 'Wait for Completion', 0, true);
	// Without continue-on-fail a failed submission stops new ones from starting (the pool rethrows it).
	const submitted = await mapWithConcurrency(items, maxConcurrency, async (_item, itemIndex) =>
		continueOnFail
			? await settle(async () => await submitOne.call(this, itemIndex, wait))
			: { ok: true as const, value: await submitOne.call(this, itemIndex, wait) },
	);

	const results: Result[] = submitted.map((s, itemIndex) =>
		s.ok ? { ok: true, json: s.value.body, items: [itemIndex] } : { ok: false, error: s.error, items: [itemIndex] },
	);
	if (!wait) return await toOutput.call(this, results);

	const jobs = submitted.flatMap((s, itemIndex) =>
		s.ok
			? [
					{
						itemIndex,
						jobId: s.value.jobId,
						startedAt: s.value.at,
						poll: s.value.poll!,
						transport: s.value.transport,
						credentials: s.value.credentials,
					},
				]
			: [],
	);
	const outcomes = await waitForJobs.call(this, jobs, {
		operation: OPERATION,
		stopOnFirstFailure: !continueOnFail,
		maxConcurrentStatusChecks: maxConcurrentStatusChecksFrom(items.length ? firstItemPolling(this) : undefined),
	});
	recordWaits(results, jobs, outcomes);
	return await toOutput.call(this, results);
}
