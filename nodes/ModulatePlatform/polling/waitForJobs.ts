/**
 * The wait loop shared by Submit ("Wait for Completion" on), Submit Multi-File and the Wait for
 * Completion operation: polls `GET /api_service/job_status/{job_id}` until the job is completed or
 * failed, on a growing interval, for every job of the execution at the same time.
 *
 * - Schedule (schedule.ts): follows the submit answer's processing-time estimate when there is one; else
 *   the first status call comes one interval after the wait starts, each following interval the previous
 *   one times the backoff factor, capped. A job's wait starts when its own submit answered.
 * - A transient failure of a status call (429 concurrent limit, 5xx, reset, timeout) is one poll without
 *   news: the wait goes on at the next interval. Only the timeout ends a wait that keeps failing.
 * - Permanent failures (credential rejected, unknown job, an answer that is not a status) end that job's
 *   wait at once.
 * - All jobs wait together: each has its own loop, and at most "Max Concurrent Status Checks" status calls
 *   are in flight at a time. Status calls are short, so that limit rarely delays a poll, and it is separate
 *   from "Max Concurrent Requests", which bounds the (long, uploading) submissions.
 * - Cancelling the execution ends every wait within one sleep slice (0.1 s), never a whole interval.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { noteJobsWaitedOn } from '../../shared/runHints';
import type { ItemCredentials } from '../../shared/transport/credentials';
import { buildMessage, toNodeError } from '../../shared/transport/errors';
import type { FailureInfo } from '../../shared/transport/errors';
import type { TransportSettings } from '../../shared/transport/request';
import { scrubSecrets } from '../../shared/transport/secrets';
import { sleepUnlessCancelled } from '../../shared/transport/sleep';
import { jobFailed, stoppedWaiting, timedOut } from '../failures';
import { jobState, readFailureReason, readStatus } from '../platformApi';
import type { ProcessingEstimate } from '../platformApi';
import { checkJobStatus } from '../transport';
import { pollOffsetMs } from './schedule';
import type { PollSettings } from './schedule';
import { Semaphore } from './semaphore';

export interface JobToWait {
	itemIndex: number;
	jobId: string;
	/** When the wait for this job began (for the timeout), ms since epoch. */
	startedAt: number;
	poll: PollSettings;
	/** The submit answer's estimate of the processing time, which the schedule follows. */
	estimate?: ProcessingEstimate;
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
	const waits = new JobWaits(this, options);
	return await Promise.all(jobs.map(async (job) => await waits.wait(job)));
}

/**
 * The waits of one execution, each started as soon as its job is known (its submit answered), so a
 * job's first status call does not wait for the other submissions.
 */
export class JobWaits {
	private readonly stopper = new AbortController();
	private readonly shared: SharedWait;
	private readonly started: Array<Promise<JobOutcome>> = [];

	constructor(
		private readonly ctx: IExecuteFunctions,
		options: WaitOptions,
	) {
		const executionSignal = ctx.getExecutionCancelSignal?.();
		this.shared = {
			options,
			executionSignal,
			signal: executionSignal ? AbortSignal.any([executionSignal, this.stopper.signal]) : this.stopper.signal,
			gate: new Semaphore(options.maxConcurrentStatusChecks),
		};
	}

	/** Starts waiting for `job` now; never rejects. */
	async wait(job: JobToWait): Promise<JobOutcome> {
		noteJobsWaitedOn(this.ctx, 1);
		const waiting = waitForJob(this.ctx, job, this.shared)
			.catch((error: unknown): JobOutcome => ({ ok: false, error: error as Error, polls: 0 }))
			.then((outcome) => {
				if (!outcome.ok && this.shared.options.stopOnFirstFailure) this.stopper.abort();
				return outcome;
			});
		this.started.push(waiting);
		return await waiting;
	}

	/** Ends every wait (within one sleep slice), e.g. when a submission failed and the node will throw. */
	async stop(): Promise<void> {
		this.stopper.abort();
		await Promise.all(this.started);
	}
}

/** What the waits of one execution share. */
interface SharedWait {
	options: WaitOptions;
	executionSignal?: AbortSignal;
	/** Fires when the execution is cancelled or, with stopOnFirstFailure, when another job failed. */
	signal: AbortSignal;
	/** Bounds the status calls in flight across all jobs. */
	gate: Semaphore;
}

async function waitForJob(ctx: IExecuteFunctions, job: JobToWait, shared: SharedWait): Promise<JobOutcome> {
	const { poll: settings, credentials } = job;
	const deadline = job.startedAt + settings.timeoutMs;
	let polls = 0;
	let lastStatus: string | undefined;
	/** The message of the last status call that failed transiently, for the timeout's message. */
	let lastProblem: string | undefined;
	const fail = (info: Omit<FailureInfo, 'operation'>, stopped = false): JobOutcome => {
		const error = toNodeError(ctx.getNode(), { ...info, operation: shared.options.operation }, job.itemIndex, credentials.secrets);
		return { ok: false, error, polls, stopped };
	};

	for (;;) {
		// Offsets from the start, not delays after each call: the time status calls take does not add up.
		const due = Math.min(job.startedAt + pollOffsetMs(polls + 1, settings, job.estimate), deadline);
		const wait = Math.max(0, due - Date.now());
		if (!(await sleepUnlessCancelled(wait, shared.signal))) {
			const cancelled = shared.executionSignal?.aborted === true;
			return fail(stoppedWaiting(job.jobId, cancelled), !cancelled);
		}

		polls++;
		const status = await checkStatus(ctx, job, shared, deadline - Date.now());
		if (status.ok) {
			const { body } = status;
			lastProblem = undefined;
			lastStatus = readStatus(body);
			const state = jobState(body);
			if (state === 'completed') return { ok: true, body, polls };
			if (state === 'failed') return fail(jobFailed(job.jobId, lastStatus, readFailureReason(body)));
		} else {
			const { failure } = status;
			if (!failure.retryable || failure.category === 'cancelled') {
				return { ok: false, error: toNodeError(ctx.getNode(), failure, job.itemIndex, credentials.secrets), polls };
			}
			lastProblem = scrubSecrets(buildMessage(failure), credentials.secrets);
			ctx.logger.debug('Modulate Platform: status check failed transiently; waiting goes on', {
				itemIndex: job.itemIndex,
				jobId: job.jobId,
				category: failure.category,
				poll: polls,
			});
		}

		if (Date.now() >= deadline) return fail(timedOut(job.jobId, settings.timeoutMs, lastStatus, lastProblem));
	}
}

/** One status call, through the gate; its failure comes back classified. */
async function checkStatus(ctx: IExecuteFunctions, job: JobToWait, shared: SharedWait, remainingMs: number) {
	await shared.gate.acquire();
	try {
		return await checkJobStatus.call(ctx, job.itemIndex, job.credentials, job.jobId, shared.options.operation, {
			// one status call per poll: the poll loop is the retry loop
			retry: { ...job.transport.retry, maxRetries: 0 },
			timeoutMs: Math.max(1000, Math.min(job.transport.timeoutMs, 30_000, remainingMs)),
		});
	} finally {
		shared.gate.release();
	}
}
