/**
 * The Platform node's calls (submit, status), on the shared transport: authenticated by the
 * `modulatePlatformApi` credential, classified in classify.ts, transient failures retried. Every 2xx
 * answer is checked here against what platformApi.ts assumes of its shape, before anything reads it.
 *
 * Submits and duplicate jobs: a submit is retried only when the Platform refused it (SUBMIT_REFUSED_STATUSES).
 * A transient failure that may come after the job was created (connection dropped or timed out, a cut-off
 * answer, 500/502/504) fails the item instead, saying the job may exist, unless the user turned on
 * "Retry Submit After Lost Answer" (docs/errors.md, "Modulate Platform node").
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { listExtensions } from '../shared/audioFormats';
import { extractDetail } from '../shared/transport/classify';
import type { ItemCredentials } from '../shared/transport/credentials';
import type { FailureInfo } from '../shared/transport/errors';
import { sendRequest } from '../shared/transport/request';
import type { ModulateRequest, ModulateResponse, RequestOutcome, TransportSettings } from '../shared/transport/request';
import { withRetries } from '../shared/transport/retry';
import { noteRetry } from '../shared/runHints';
import type { Outcome } from '../shared/transport/retry';
import { answerLost, invalidAnswer, platformError } from './failures';
import { answerProblem, PLATFORM_EXTENSIONS, SUBMIT_PATH, SUBMIT_REFUSED_STATUSES, statusPath } from './platformApi';
import type { AnswerShape } from './platformApi';

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

export interface SubmissionSettings extends TransportSettings {
	/** Retry a submit whose answer was lost, at the risk of a second job ("Retry Submit After Lost Answer"). */
	retryLostAnswers: boolean;
	/** Multi-file: the job this upload joins, for the message when its answer is lost. */
	jobId?: string;
}

/** POSTs one submission; its answer, checked against `shape`, or the failure thrown for the item. */
export async function postSubmission(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
	body: IDataObject,
	operation: string,
	settings: SubmissionSettings,
	shape: Exclude<AnswerShape, 'status'> = 'submit',
): Promise<IDataObject> {
	const request = submissionRequest(body, operation);
	// one HTTP attempt per round; this loop decides whether another upload is safe
	const once: TransportSettings = {
		timeoutMs: settings.timeoutMs,
		retry: { ...settings.retry, maxRetries: 0, maxRetryAfterMs: Number.POSITIVE_INFINITY },
		// the window's free re-sends are refusals (429), which the Platform did not take: safe to send again.
		// A submission only puts a job in Modulate's queue, holding no processing slot while the job runs, so
		// Auto starts at its ceiling (a refusal still lowers it): 20 jobs submitted together start together.
		concurrency: settings.concurrency && { ...settings.concurrency, start: settings.concurrency.max },
	};
	const { outcome, attempts } = await withRetries<ModulateResponse>(
		async (): Promise<Outcome<ModulateResponse>> => {
			const sent = await sendRequest.call(this, itemIndex, credentials, request, once);
			if (sent.ok || !sent.failure.retryable || settings.retryLostAnswers) return sent;
			if (sent.failure.httpCode && SUBMIT_REFUSED_STATUSES.includes(sent.failure.httpCode)) return sent;
			// A refused connection sent nothing, so no job can exist: retrying is safe.
			if (sent.failure.errorCode === 'ECONNREFUSED') return sent;
			return { ok: false, failure: answerLost(sent.failure, settings.jobId) };
		},
		settings.retry,
		{
			signal: this.getExecutionCancelSignal?.(),
			onRetry: (failure, retry, delayMs) => {
				noteRetry(this, failure.category);
				this.logger.debug(`Modulate: retrying ${request.operation} after the Platform refused it`, {
					itemIndex,
					category: failure.category,
					httpCode: failure.httpCode,
					retry,
					delayMs,
				});
			},
		},
	);
	if (!outcome.ok) {
		const failure = { operation: request.operation, ...outcome.failure, attempts } as FailureInfo;
		throw platformError(this, failure, itemIndex, credentials.secrets);
	}
	const checked = checkAnswer(outcome.value, shape, request.operation);
	if (!checked.ok) throw platformError(this, checked.failure, itemIndex, credentials.secrets);
	return checked.body;
}

/** One status call (retried while transient); its answer, checked, or the failure thrown for the item. */
export async function getJobStatus(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
	jobId: string,
	operation: string,
	settings: TransportSettings,
): Promise<IDataObject> {
	const outcome = await checkJobStatus.call(this, itemIndex, credentials, jobId, operation, settings);
	if (!outcome.ok) throw platformError(this, outcome.failure, itemIndex, credentials.secrets);
	return outcome.body;
}

/** A status call whose failure (an invalid answer included) comes back classified, for the wait loop to judge. */
export async function checkJobStatus(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
	jobId: string,
	operation: string,
	settings: TransportSettings,
): Promise<{ ok: true; body: IDataObject } | { ok: false; failure: FailureInfo }> {
	const request = statusRequest(jobId, operation);
	const outcome: RequestOutcome<unknown> = await sendRequest.call(this, itemIndex, credentials, request, settings);
	if (!outcome.ok) return outcome;
	return checkAnswer(outcome.value, 'status', request.operation, jobId);
}

/**
 * A 2xx answer as the JSON object the node reads, or what is wrong with it: not JSON (an HTML page from a
 * proxy, plain text, JSON that does not parse), or JSON without the fields `shape` needs (platformApi.ts).
 */
function checkAnswer(
	response: ModulateResponse,
	shape: AnswerShape,
	/** The call, as messages name it: "Submit (POST /api_service)", "Get Status (job 42)". */
	operation: string,
	jobId?: string,
): { ok: true; body: IDataObject } | { ok: false; failure: FailureInfo } {
	const { body } = response;
	const excerpt = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		const text = String(body);
		const contentType = String(response.headers['content-type'] ?? '').split(';')[0].trim();
		let problem: string;
		if (text.trim() === '') problem = 'it is empty';
		else if (/^\s*<(!doctype|html)/i.test(text)) problem = `it is ${extractDetail(text) ?? 'an HTML page'}`;
		else if (/json/i.test(contentType)) problem = 'it is labelled JSON but does not parse (cut off or malformed)';
		else problem = `it is ${contentType || 'text'}, not JSON`;
		return { ok: false, failure: invalidAnswer(operation, shape, problem, excerpt(text.trim())) };
	}
	const problem = answerProblem(shape, body, jobId);
	if (problem) {
		return { ok: false, failure: invalidAnswer(operation, shape, problem, excerpt(JSON.stringify(body) ?? String(body))) };
	}
	return { ok: true, body: body as IDataObject };
}
