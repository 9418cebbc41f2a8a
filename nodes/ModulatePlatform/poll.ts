/**
 * The wait loop shared by Submit ("Wait for Completion" on), Submit Multi-File and the Wait for
 * Completion operation: polls `GET /api_service/job_status/{job_id}` until the job is completed or
 * failed, on a growing interval, for every job of the execution at the same time.
 *
 * - Schedule: the first status call comes one interval after the wait starts; each following interval is
 *   the previous one times the backoff factor, capped.
 * - A transient failure of a status call (429 concurrent limit, 5xx, reset, timeout) is one poll without
 *   news: the wait goes on at the next interval. Only the timeout ends a wait that keeps failing.
 * - Permanent failures (credential rejected, unknown job) end that job's wait at once.
 * - All jobs wait together: each has its own loop, and at most "Max Concurrent Status Checks" status calls
 *   are in flight at a time. Status calls are short, so that limit rarely delays a poll, and it is separate
 *   from "Max Concurrent Requests", which bounds the (long, uploading) submissions.
 * - Cancelling the execution ends every wait within one sleep slice (0.1 s), never a whole interval.
 */
import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { sleepUnlessCancelled } from '../shared/transport/sleep';
import type { ItemCredentials } from '../shared/transport/credentials';
import { buildMessage, toNodeError } from '../shared/transport/errors';
import type { FailureInfo } from '../shared/transport/errors';
import type { TransportSettings } from '../shared/transport/request';
import { scrubSecrets } from '../shared/transport/secrets';
import { jobState, readFailureReason, readStatus } from './platformApi';
import { checkJobStatus } from './transport';

export interface PollSettings {
	intervalMs: number;
	backoffFactor: number;
	maxIntervalMs: number;
	timeoutMs: number;
}

/** The defaults of the Polling options (kept equal to the literal defaults in the fields below). */
export const DEFAULT_POLL = {
	intervalSeconds: 1,
	backoffFactor: 1.5,
	maxIntervalSeconds: 30,
	timeoutSeconds: 600,
	maxConcurrentStatusChecks: 10,
};

/** The "Polling" collection; `displayOptions` adds conditions to the operation's own. */
export function pollingOptionsField(displayOptions?: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Polling',
		name: 'pollingOptions',
		type: 'collection',
		placeholder: 'Add Polling Option',
		default: {},
		...(displayOptions ? { displayOptions } : {}),
		options: [
			{
				displayName: 'Backoff Factor',
				name: 'backoffFactor',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10, numberPrecision: 2 },
				default: 1.5,
				description: 'Each interval is the previous one times this factor, up to the max interval. 1 polls at a fixed interval.',
			},
			{
				displayName: 'Max Concurrent Status Checks',
				name: 'maxConcurrentStatusChecks',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 10,
				description:
					'How many status calls may be in flight at once, across all jobs of this execution. All jobs are waited on together; this only spaces out their (short) status calls.',
			},
			{
				displayName: 'Max Poll Interval (Seconds)',
				name: 'maxPollIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 1 },
				default: 30,
				description: 'Cap of the growing interval between two status calls for one job',
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 1 },
				default: 1,
				description: 'Time before the first status call, and the first interval between calls',
			},
			{
				displayName: 'Wait Timeout (Seconds)',
				name: 'waitTimeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 600,
				description:
					'How long to wait for a job before failing with its job ID. The job keeps running at Modulate: check it later with Get Status, or use the Wait node loop for long jobs (see the README).',
			},
		],
	};
}

export function pollSettingsFrom(o: IDataObject): PollSettings {
	const intervalMs = Number(o.pollIntervalSeconds ?? DEFAULT_POLL.intervalSeconds) * 1000;
	return {
		intervalMs,
		backoffFactor: Math.max(1, Number(o.backoffFactor ?? DEFAULT_POLL.backoffFactor)),
		maxIntervalMs: Math.max(intervalMs, Number(o.maxPollIntervalSeconds ?? DEFAULT_POLL.maxIntervalSeconds) * 1000),
		timeoutMs: Number(o.waitTimeoutSeconds ?? DEFAULT_POLL.timeoutSeconds) * 1000,
	};
}

/** One setting per execution, taken from the first item's Polling options (none: no items, one lane). */
export function maxConcurrentStatusChecksFrom(firstItemPolling: IDataObject | undefined): number {
	if (!firstItemPolling) return 1;
	return Math.max(1, Number(firstItemPolling.maxConcurrentStatusChecks ?? DEFAULT_POLL.maxConcurrentStatusChecks));
}

/** The interval before status call number `poll` (1-based): interval × factor^(poll-1), capped. */
export function pollDelayMs(poll: number, s: PollSettings): number {
	return Math.min(s.maxIntervalMs, s.intervalMs * s.backoffFactor ** (poll - 1));
}

/** How many status calls a job that completes `completesAfterMs` after the wait starts needs (no faults). */
export function expectedPolls(completesAfterMs: number, s: PollSettings): number {
	let elapsed = 0;
	for (let poll = 1; ; poll++) {
		elapsed += pollDelayMs(poll, s);
		if (elapsed >= completesAfterMs || elapsed >= s.timeoutMs) return poll;
	}
}

/** A counting semaphore on promises (no timers). */
class Semaphore {
	private waiting: Array<() => void> = [];
	constructor(private free: number) {}

	async acquire(): Promise<void> {
		if (this.free > 0) {
			this.free--;
			return;
		}
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	release(): void {
		const next = this.waiting.shift();
		if (next) next();
		else this.free++;
	}
}

export interface JobToWait {
	itemIndex: number;
	jobId: string;
	/** When the wait for this job began (for the timeout), ms since epoch. */
	startedAt: number;
	poll: PollSettings;
	/** Of the item that submitted the job: timeout and retry policy of its status calls. */
	transport: TransportSettings;
	credentials: ItemCredentials;
}

export type JobOutcome =
	| { ok: true; body: IDataObject; polls: number }
	/** `stopped`: this wait was ended because another job failed, not by its own failure. */
	| { ok: false; error: Error; polls: number; stopped?: boolean };

export interface WaitOptions {
	/** For messages: "Submit", "Wait for Completion", … */
	operation: string;
	/** Stop all other waits as soon as one job fails (when the node will throw anyway). */
	stopOnFirstFailure: boolean;
	maxConcurrentStatusChecks: number;
}

/** Waits for every job at once; one outcome per job, in the order given. */
export async function waitForJobs(
	this: IExecuteFunctions,
	jobs: JobToWait[],
	options: WaitOptions,
): Promise<JobOutcome[]> {
	const executionSignal = this.getExecutionCancelSignal?.();
	const stop = new AbortController();
	const signal = executionSignal ? AbortSignal.any([executionSignal, stop.signal]) : stop.signal;
	const gate = new Semaphore(options.maxConcurrentStatusChecks);

	const waitOne = async (job: JobToWait): Promise<JobOutcome> => {
		const { poll: settings, transport, credentials } = job;
		const deadline = job.startedAt + settings.timeoutMs;
		let polls = 0;
		let lastStatus: string | undefined;
		/** The message of the last status call that failed transiently, for the timeout's message. */
		let lastProblem: string | undefined;
		let nextDelay = pollDelayMs(1, settings);
		const fail = (info: Omit<FailureInfo, 'operation'>, stopped = false): JobOutcome => {
			const error = toNodeError(this.getNode(), { ...info, operation: options.operation }, job.itemIndex, credentials.secrets);
			return { ok: false, error, polls, stopped };
		};

		for (;;) {
			const wait = Math.max(0, Math.min(nextDelay, deadline - Date.now()));
			if (!(await sleepUnlessCancelled(wait, signal))) {
				const stopped = !executionSignal?.aborted;
				return fail({
					category: 'cancelled',
					retryable: false,
					cause: `stopped waiting for job ${job.jobId}`,
					fix: executionSignal?.aborted
						? 'The execution was cancelled; the job keeps running at Modulate. Check it later with Get Status.'
						: 'Another job of this execution failed. The job keeps running at Modulate. Check it later with Get Status.',
				}, stopped);
			}

			polls++;
			const remaining = deadline - Date.now();
			await gate.acquire();
			let status: Awaited<ReturnType<typeof checkJobStatus>>;
			try {
				status = await checkJobStatus.call(this, job.itemIndex, credentials, job.jobId, options.operation, {
					// one status call per poll: the poll loop is the retry loop
					retry: { ...transport.retry, maxRetries: 0 },
					timeoutMs: Math.max(1000, Math.min(transport.timeoutMs, 30_000, remaining)),
				});
			} finally {
				gate.release();
			}

			if (status.ok) {
				const { body } = status;
				lastProblem = undefined;
				lastStatus = readStatus(body);
				const state = jobState(body);
				if (state === 'completed') return { ok: true, body, polls };
				if (state === 'failed') {
					const reason = readFailureReason(body) ?? 'Modulate gave no reason';
					return fail({
						category: 'jobFailed',
						retryable: false,
						cause: `job ${job.jobId} failed (status "${lastStatus}"): ${reason}`,
						fix: 'Check the audio and the feature flags, then submit the job again',
						detail: reason,
					});
				}
			} else {
				const { failure } = status;
				if (!failure.retryable || failure.category === 'cancelled') {
					return { ok: false, error: toNodeError(this.getNode(), failure, job.itemIndex, credentials.secrets), polls };
				}
				lastProblem = scrubSecrets(buildMessage(failure), credentials.secrets);
				this.logger.debug('Modulate Platform: status check failed transiently; waiting goes on', {
					itemIndex: job.itemIndex,
					jobId: job.jobId,
					category: failure.category,
					poll: polls,
				});
			}

			if (Date.now() >= deadline) {
				const seconds = Math.round(settings.timeoutMs / 1000);
				return fail({
					category: 'timeout',
					retryable: true,
					cause: `job ${job.jobId} did not complete within ${seconds} s (last status: ${lastStatus ?? 'unknown'}${lastProblem ? `; last status check failed: ${lastProblem}` : ''})`,
					fix: `The job may still be running at Modulate. Resume with Get Status or Wait for Completion on job ID ${job.jobId}, raise "Wait Timeout (Seconds)", or use the Wait node loop for long jobs`,
				});
			}
			nextDelay = pollDelayMs(polls + 1, settings);
		}
	};

	return await Promise.all(
		jobs.map(async (job) => {
			const outcome = await waitOne(job);
			if (!outcome.ok && options.stopOnFirstFailure) stop.abort();
			return outcome;
		}),
	);
}
