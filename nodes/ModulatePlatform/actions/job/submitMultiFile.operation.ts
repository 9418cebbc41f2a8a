/**
 * Job → Submit Multi-File: the items' audio files as one job (or one job per group). The files of a job
 * are POSTed one after another: the first without a job id (its answer carries the job id), the rest with
 * it, and `finalize_job: true` on the last only. Every file is checked (format, size) before the first
 * upload, so a bad file does not leave a half-uploaded job behind. Jobs of different groups are submitted
 * concurrently (up to "Max Concurrent Requests") and waited on together.
 *
 * Output ("Output" option): one item per input file (default), each with the job's result, untouched,
 * plus `submittedFile: {index, fileName, count}` saying which file of the job the item was; or one item
 * per job, paired with all its input items, with `submittedFiles` listing them in upload order.
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
import { flagsFrom, multiFileBody, readJobId } from '../../platformApi';
import { maxConcurrentStatusChecksFrom, pollingOptionsField } from '../../polling/fields';
import type { PollSettings } from '../../polling/schedule';
import { waitForJobs } from '../../polling/waitForJobs';
import type { Result } from '../../results';
import { settle, toOutput } from '../../results';
import { PLATFORM_CREDENTIAL, postSubmission } from '../../transport';

const OPERATION = 'Submit Multi-File';

const properties: INodeProperties[] = [
	...audioSourceFields,
	{
		displayName: 'Group By',
		name: 'groupBy',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.callId }}',
		description:
			'Leave empty to put all input items into one job. Otherwise an expression per item: items with the same value go into the same job, in input order.',
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description: 'Whether to poll each job until it is done and output its result. Off: output the job references at once.',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'One Item per File',
				value: 'perFile',
				description: "Every input item gets its job's result plus which file of the job it was",
			},
			{
				name: 'One Item per Job',
				value: 'perJob',
				description: "One item per job with the job's result, paired with all its input items",
			},
		],
		default: 'perFile',
	},
	pollingOptionsField({ show: { waitForCompletion: [true] } }),
	optionsField(true),
];

export const description = updateDisplayOptions(forOperation('job', 'submitMultiFile'), properties);

interface Group {
	key: string;
	items: number[];
}

interface FileRef extends IDataObject {
	index: number;
	fileName: string;
	count: number;
}

interface SubmittedJob {
	jobId: string;
	/** The answer to each file's upload, in upload order. */
	answers: IDataObject[];
	files: FileRef[];
	at: number;
	/** The first item's: its options and credential speak for the job. */
	transport: TransportSettings;
	credentials: ItemCredentials;
	poll?: PollSettings;
}

function groupItems(ctx: IExecuteFunctions): Group[] {
	const groups = new Map<string, Group>();
	ctx.getInputData().forEach((_item, itemIndex) => {
		const raw = ctx.getNodeParameter('groupBy', itemIndex, '') as unknown;
		const key = raw === undefined || raw === null ? '' : typeof raw === 'string' ? raw : JSON.stringify(raw);
		const group = groups.get(key) ?? { key, items: [] };
		group.items.push(itemIndex);
		groups.set(key, group);
	});
	return [...groups.values()];
}

async function submitGroup(this: IExecuteFunctions, group: Group, wait: boolean): Promise<SubmittedJob> {
	// check every parameter and file before the first upload, so a bad one does not leave a half-uploaded job
	const options = group.items.map((itemIndex) => optionsParameter(this, itemIndex));
	const poll = wait ? pollingParameter(this, group.items[0]).settings : undefined;
	const audios = [];
	for (const itemIndex of group.items) {
		const source = audioSourceParameter(this, itemIndex);
		audios.push(await checkPlatformAudio(this, itemIndex, source, OPERATION));
	}
	const files: FileRef[] = audios.map((a, index) => ({ index, fileName: a.fileName, count: audios.length }));

	const flags = flagsFrom(options[0]);
	const answers: IDataObject[] = [];
	let jobId: string | undefined;
	let firstCredentials: ItemCredentials | undefined;
	for (let k = 0; k < group.items.length; k++) {
		const itemIndex = group.items[k];
		const credentials = await readItemCredentials(this, PLATFORM_CREDENTIAL, itemIndex);
		firstCredentials ??= credentials;
		const payload = await platformPayload(audios[k]);
		const body = multiFileBody(payload, { jobId, finalize: k === group.items.length - 1 }, flags);
		const settings = { ...submissionSettings(options[k]), jobId };
		const answer = await postSubmission.call(this, itemIndex, credentials, body, OPERATION, settings);
		answers.push(answer);
		jobId ??= readJobId(answer);
	}
	return {
		jobId: jobId!,
		answers,
		files,
		at: Date.now(),
		transport: submissionSettings(options[0]),
		credentials: firstCredentials!,
		poll,
	};
}

export async function execute(this: IExecuteFunctions, maxConcurrency: number): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const groups = groupItems(this);
	const wait = booleanParameter(this, 'waitForCompletion', 'Wait for Completion', 0, true);
	const submitted = await mapWithConcurrency(groups, maxConcurrency, async (group) =>
		continueOnFail
			? await settle(async () => await submitGroup.call(this, group, wait))
			: { ok: true as const, value: await submitGroup.call(this, group, wait) },
	);

	const finals = new Map<number, { ok: true; body: IDataObject } | { ok: false; error: unknown; secondary?: boolean }>();
	if (wait) {
		const jobs = submitted.flatMap((s, g) => {
			if (!s.ok) return [];
			const itemIndex = groups[g].items[0];
			const { jobId, at: startedAt, transport, credentials } = s.value;
			return [{ group: g, itemIndex, jobId, startedAt, poll: s.value.poll!, transport, credentials }];
		});
		const outcomes = await waitForJobs.call(this, jobs, {
			operation: OPERATION,
			stopOnFirstFailure: !continueOnFail,
			maxConcurrentStatusChecks: maxConcurrentStatusChecksFrom(groups.length ? firstItemPolling(this) : undefined),
		});
		jobs.forEach((job, k) => {
			const o = outcomes[k];
			finals.set(job.group, o.ok ? { ok: true, body: o.body } : { ok: false, error: o.error, secondary: o.stopped });
		});
	}

	const perJob = (this.getNodeParameter('output', 0, 'perFile') as string) === 'perJob';
	const results: Result[] = [];
	groups.forEach((group, g) => {
		const s = submitted[g];
		const final = finals.get(g);
		const failure = !s.ok ? { error: s.error } : final && !final.ok ? final : undefined;
		if (failure) {
			const secondary = 'secondary' in failure ? failure.secondary : undefined;
			if (perJob) results.push({ ok: false, error: failure.error, items: group.items, secondary });
			else for (const item of group.items) results.push({ ok: false, error: failure.error, items: [item], secondary });
			return;
		}
		const job = (s as { ok: true; value: SubmittedJob }).value;
		const result = final?.ok ? final.body : undefined;
		if (perJob) {
			const json: IDataObject = result
				? { ...result, submittedFiles: job.files }
				: { ...job.answers[job.answers.length - 1], submittedFiles: job.files };
			results.push({ ok: true, json, items: group.items });
		} else {
			group.items.forEach((item, k) => {
				const json: IDataObject = { ...(result ?? job.answers[k]), submittedFile: job.files[k] };
				results.push({ ok: true, json, items: [item] });
			});
		}
	});
	// one item per file keeps input order; one item per job follows the groups' first items
	results.sort((a, b) => a.items[0] - b.items[0]);
	return await toOutput.call(this, results);
}
