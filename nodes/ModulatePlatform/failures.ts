/**
 * Every failure the Platform node raises of its own, worded here and nowhere else: invalid input (job ids,
 * parameters of the wrong type), answers that break what platformApi.ts assumes, a submit whose answer was
 * lost, and the wait loop's outcomes. They become n8n errors through the shared `toNodeError` /
 * `inputError`, so every message has the same form (cause first, then the fix) and no secret.
 */
import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { inputError, toNodeError } from '../shared/transport/errors';
import type { FailureInfo } from '../shared/transport/errors';
import { describeValue, JOB_ID_RULE } from './platformApi';
import type { AnswerShape } from './platformApi';


const BASE_URL_HINT =
	'If this keeps happening, something other than the Platform may be answering (a proxy, or another service): check the Base URL in the Modulate Platform API credential';

// ---------------------------------------------------------------------------------------------------------
// Input

/** The "Job ID" parameter is empty, of the wrong type, or not a plain token. */
export function badJobId(node: INode, itemIndex: number, raw: unknown, purpose: 'check' | 'wait for'): Error {
	const where = purpose === 'check' ? 'e.g. to {{ $json.job_id }}.' : 'e.g. to {{ $json.job_id }} after a Submit with "Wait for Completion" off.';
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
		const gave = typeof raw === 'string' ? '' : `: the "Job ID" expression gave ${describeValue(raw)}`;
		return inputError(node, itemIndex, `no job ID to ${purpose}${gave}`, `Set "Job ID", ${where}`);
	}
	if (typeof raw !== 'string' && typeof raw !== 'number') {
		return inputError(
			node,
			itemIndex,
			`"Job ID" must be text or a whole number, but the expression gave ${describeValue(raw)}`,
			'Point the expression at the job ID itself, e.g. {{ $json.job_id }}, not at the whole item or a list.',
		);
	}
	return inputError(
		node,
		itemIndex,
		`the job ID ${typeof raw === 'number' ? raw : JSON.stringify(raw)} is not a valid job ID (${JOB_ID_RULE})`,
		'Use the job_id that Submit or Start Realtime Session returned, e.g. {{ $json.job_id }}.',
	);
}

/** A parameter (often set by expression) of the wrong type or out of range. */
export function badParameter(node: INode, itemIndex: number, label: string, expected: string, value: unknown): Error {
	return inputError(
		node,
		itemIndex,
		`"${label}" must be ${expected}, but got ${describeValue(value)}`,
		`Set "${label}" to ${expected}; when it comes from an expression, check what the expression returns for this item.`,
	);
}

// ---------------------------------------------------------------------------------------------------------
// Answers

const ANSWER_TO: Record<AnswerShape, string> = {
	submit: 'the upload',
	realtime: 'the session request',
	status: 'the status call',
};

/**
 * A 2xx answer that is not what the node relies on (not JSON, no job_id, no status, …). Permanent: the
 * same call would get the same answer. `operation` names the call, e.g. "Get Status (job 42)".
 */
export function invalidAnswer(
	operation: string,
	shape: AnswerShape,
	problem: string,
	excerpt: string,
): FailureInfo {
	let fix: string;
	if (shape === 'status') fix = `The job may still be running at Modulate: check it later with Get Status. ${BASE_URL_HINT}`;
	else if (shape === 'submit') {
		fix = `The Platform may have created the job anyway: check your jobs at Modulate before submitting this item again. ${BASE_URL_HINT}`;
	} else fix = BASE_URL_HINT;
	return {
		category: 'invalidAnswer',
		retryable: false,
		cause: `invalid answer from the Modulate Platform to ${ANSWER_TO[shape]}: ${problem}`,
		fix,
		detail: excerpt,
		operation,
	};
}

/**
 * A submit that failed after the upload left, in a way that may come after the job was created (connection
 * dropped or timed out, a cut-off answer, 500/502/504). It is not retried (see SUBMIT_REFUSED_STATUSES).
 */
export function answerLost(failure: FailureInfo, jobId?: string): FailureInfo {
	const what = failure.httpCode
		? `the Platform answered ${failure.httpCode} to the upload, possibly after creating the job`
		: failure.category === 'timeout'
			? `${failure.cause} to the upload; the Platform may have created the job`
			: "the connection ended before the Platform's answer to the upload arrived; the Platform may have created the job";
	const original = `${failure.cause}${failure.detail ? ` (${failure.detail})` : ''}`;
	return {
		...failure,
		retryable: false,
		hint: undefined,
		cause: what,
		fix: `Not retried, so that no second (billed) job is created. ${
			jobId ? `Job ${jobId} may now hold this file: check it` : 'Check your jobs at Modulate'
		} before submitting this item again, or turn on "Retry Submit After Lost Answer" to retry such uploads automatically.`,
		detail: original,
	};
}

// ---------------------------------------------------------------------------------------------------------
// The wait loop

export function stoppedWaiting(jobId: string, executionCancelled: boolean): Omit<FailureInfo, 'operation'> {
	return {
		category: 'cancelled',
		retryable: false,
		cause: `stopped waiting for job ${jobId}`,
		fix: executionCancelled
			? 'The execution was cancelled; the job keeps running at Modulate. Check it later with Get Status.'
			: 'Another job of this execution failed. The job keeps running at Modulate. Check it later with Get Status.',
	};
}

export function jobFailed(jobId: string, status: string | undefined, reason: string | undefined): Omit<FailureInfo, 'operation'> {
	const text = reason ?? 'Modulate gave no reason';
	return {
		category: 'jobFailed',
		retryable: false,
		cause: `job ${jobId} failed (status "${status}"): ${text}`,
		fix: 'Check the audio and the feature flags, then submit the job again',
		detail: text,
	};
}

export function timedOut(
	jobId: string,
	timeoutMs: number,
	lastStatus: string | undefined,
	lastProblem: string | undefined,
): Omit<FailureInfo, 'operation'> {
	const seconds = Math.round(timeoutMs / 1000);
	return {
		category: 'timeout',
		retryable: true,
		// the last problem goes to the description: it may name an error code, which would make n8n replace
		// the whole message with its generic text
		cause: `job ${jobId} did not complete within ${seconds} s (last status: ${lastStatus ?? 'unknown'}${lastProblem ? '; the last status check failed, see the description' : ''})`,
		fix: `The job may still be running at Modulate. Resume with Get Status or Wait for Completion on job ID ${jobId}, raise "Wait Timeout (Seconds)", or use the Wait node loop for long jobs`,
		detail: lastProblem ? `last status check failed: ${lastProblem}` : undefined,
	};
}

/** A failure of this node as an n8n error for an item. */
export function platformError(ctx: IExecuteFunctions, info: FailureInfo, itemIndex: number, secrets: string[]): Error {
	return toNodeError(ctx.getNode(), info, itemIndex, secrets);
}
