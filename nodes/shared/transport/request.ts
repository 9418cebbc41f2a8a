/**
 * Every HTTP call of both nodes goes through here: n8n's authenticated request helper, a fresh body per
 * attempt, the status read by us (not by n8n, whose error drops Modulate's `detail`), failures classified
 * once in classify.ts and transient ones retried by retry.ts. `sendRequest` returns the classified
 * outcome, for callers that decide themselves (the Platform's polling); `modulateRequest` throws it.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import type { RetryPolicy } from './backoff';
import { classifyHttpFailure, classifyInvalidAnswer, classifyTransportFailure } from './classify';
import type { ErrorCategory, FailureContext } from './classify';
import type { ItemCredentials } from './credentials';
import { bodyFailureOf } from '../audioInput';
import { toNodeError } from './errors';
import type { FailureInfo } from './errors';
import { limiterFor } from './limiter';
import type { ConcurrencySetting } from './limiter';
import { CANCELLED, withRetries } from './retry';
import { noteRetry } from '../runHints';
import type { Outcome } from './retry';

export interface ModulateRequest {
	method: IHttpRequestMethods;
	/** Path under the credential's Base URL, e.g. `/api/velma-2-stt-batch`. */
	path: string;
	/** Builds the body (and its headers) for one attempt; called again for each retry, so streams start over. */
	body?: () => Promise<RequestPayload> | RequestPayload;
	qs?: IDataObject;
	headers?: IDataObject;
	/** `buffer` keeps the raw bytes (multipart answers); `json` parses JSON text. */
	responseType?: 'json' | 'buffer';
	/** For messages: "Transcribe", "Get Status", … */
	operation: string;
	failureContext: FailureContext;
	/** A sentence added to the error message for a given category, e.g. the formats the endpoint takes. */
	hints?: Partial<Record<ErrorCategory, string>>;
	/**
	 * Reads a 2xx answer against the endpoint's spec (see answers in each node's transport). When set, a JSON
	 * answer must parse, and a problem it reports fails the request as `invalidAnswer` (not retried).
	 */
	answer?: AnswerReader;
}

/** The answer's problem against the spec, in a few words ("no field \"text\""), or undefined when it is valid. */
export type AnswerReader = (body: unknown, headers: IDataObject) => string | undefined;

export interface RequestPayload {
	body: IHttpRequestOptions['body'];
	headers?: IDataObject;
}

export interface TransportSettings {
	timeoutMs: number;
	retry: RetryPolicy;
	/** Bounds the requests of one execution to one model (limiter.ts); none: the caller bounds them. */
	concurrency?: ConcurrencySetting;
}

/**
 * How often one request may be refused for the concurrent limit and sent again without spending a retry.
 * A refusal while others of ours were in flight is our own window's overshoot, not a failure; the cap
 * only keeps a server that refuses forever from holding the item forever.
 */
export const MAX_FREE_REQUEUES = 20;

export interface ModulateResponse<T = unknown> {
	statusCode: number;
	headers: IDataObject;
	body: T;
}

export type RequestOutcome<T> = { ok: true; value: ModulateResponse<T> } | { ok: false; failure: FailureInfo };

interface FullResponse {
	statusCode: number;
	headers?: IDataObject;
	body: unknown;
}

function headerValue(headers: IDataObject | undefined, name: string): string | undefined {
	const value = headers?.[name] ?? headers?.[name.toLowerCase()];
	return value === undefined ? undefined : String(value);
}

/** Bodies arrive as parsed JSON, text or bytes depending on the helper version; read them one way. */
function decodeBody(body: unknown, responseType: 'json' | 'buffer'): unknown {
	if (body instanceof ArrayBuffer) body = Buffer.from(body);
	if (responseType === 'buffer') return body;
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body === 'string') {
		try {
			return JSON.parse(body);
		} catch {
			return body;
		}
	}
	return body;
}

function contentTypeOf(headers: IDataObject): string {
	return String(headerValue(headers, 'content-type') ?? 'no content type').split(';')[0].trim();
}

/** The first characters of an answer, for the description of an invalid one. */
export function answerExcerpt(body: unknown): string {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : JSON.stringify(body) ?? String(body);
	const cut = text.length > 200 ? `${text.slice(0, 200)}…` : text;
	return `the answer began: ${JSON.stringify(cut)}`;
}

/** A 2xx answer checked against the spec: JSON must parse, and the reader must find nothing wrong. */
function readAnswer(request: ModulateRequest, raw: unknown, headers: IDataObject): { body: unknown } | { problem: string; excerpt: string } {
	const responseType = request.responseType ?? 'json';
	const body = decodeBody(raw, responseType);
	if (!request.answer) return { body };
	if (responseType === 'json' && (typeof body === 'string' || body === undefined || body === null)) {
		const text = typeof body === 'string' ? body : '';
		const problem = !text.trim()
			? `the answer is empty (${contentTypeOf(headers)})`
			: /json/i.test(contentTypeOf(headers))
				? 'the answer is labelled JSON but does not parse (it may have been cut off or mangled)'
				: `the answer is not JSON (${contentTypeOf(headers)})`;
		return { problem, excerpt: answerExcerpt(text) };
	}
	const problem = request.answer(body, headers);
	return problem ? { problem, excerpt: answerExcerpt(body) } : { body };
}

/** The request, retried while its failures are transient; a failure comes back classified, not thrown. */
export async function sendRequest<T = unknown>(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
	request: ModulateRequest,
	settings: TransportSettings,
): Promise<RequestOutcome<T>> {
	const url = `${credentials.baseUrl}${request.path}`;
	const signal = this.getExecutionCancelSignal?.();
	const responseType = request.responseType ?? 'json';

	const send = async (): Promise<Outcome<ModulateResponse<T>>> => {
		const payload = await request.body?.();
		const options: IHttpRequestOptions = {
			method: request.method,
			url,
			qs: request.qs,
			headers: { ...request.headers, ...payload?.headers },
			body: payload?.body,
			timeout: settings.timeoutMs,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// Following redirects makes the HTTP client keep every byte sent, to replay it: a 100 MB upload
			// would sit in memory. Modulate's API does not redirect.
			disableFollowRedirect: true,
			abortSignal: signal,
		};
		if (responseType === 'buffer') options.encoding = 'arraybuffer';
		let response: FullResponse;
		try {
			// The credential read once for the item goes along, so n8n does not fetch and decrypt it again
			// per request (and, for a credential built from expressions, authenticates with this item's values).
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				credentials.type,
				options,
				credentials.decrypted ? { credentialsDecrypted: credentials.decrypted } : undefined,
			)) as FullResponse;
		} catch (error) {
			// A body that failed on its own side (a recording's download cut off or past the size limit)
			// aborted the upload: not Modulate's fault, so its own error stands, unretried. n8n's helper
			// wraps the client's error and drops its cause, so the body's failure is looked up, not unwrapped.
			const own = bodyFailureOf(payload?.body);
			if (own) throw own;
			return {
				ok: false,
				failure: classifyTransportFailure(error, request.failureContext, settings.timeoutMs, signal?.aborted),
			};
		}
		const headers = response.headers ?? {};
		if (response.statusCode >= 200 && response.statusCode < 300) {
			const read = readAnswer(request, response.body, headers);
			if ('problem' in read) {
				return { ok: false, failure: classifyInvalidAnswer(read.problem, request.failureContext, read.excerpt) };
			}
			return { ok: true, value: { statusCode: response.statusCode, headers, body: read.body as T } };
		}
		return {
			ok: false,
			failure: classifyHttpFailure(
				response.statusCode,
				decodeBody(response.body, 'json'),
				request.failureContext,
				headerValue(headers, 'retry-after'),
			),
		};
	};

	const limiter = settings.concurrency
		? limiterFor(this, `${credentials.type}|${credentials.baseUrl}|${credentials.apiKey}|${request.failureContext.target}`, settings.concurrency)
		: undefined;
	/** One attempt: a slot in the window, then the request; a refusal our own overshoot caused is sent again. */
	const attempt = async (): Promise<Outcome<ModulateResponse<T>>> => {
		if (!limiter) return await send();
		for (let requeues = 0; ; requeues++) {
			const permit = await limiter.acquire(requeues > 0);
			if (signal?.aborted) {
				limiter.released();
				return { ok: false, failure: CANCELLED };
			}
			let outcome: Outcome<ModulateResponse<T>> | undefined;
			try {
				outcome = await send();
			} finally {
				// e.g. the body could not be built: the slot must not be lost with the error
				if (!outcome) limiter.released();
			}
			if (outcome.ok) {
				limiter.succeeded(permit);
				return outcome;
			}
			if (outcome.failure.category !== 'concurrencyLimit') {
				limiter.released();
				return outcome;
			}
			const inFlight = limiter.refused(permit);
			// Alone in flight, the refusal is someone else's use of the limit: a real failure, with backoff.
			if (!limiter.adaptive || inFlight <= 1 || requeues >= MAX_FREE_REQUEUES) return outcome;
			this.logger.debug(`Modulate: ${request.operation} refused for the concurrent limit; sent again when a slot frees`, {
				itemIndex,
				window: limiter.current,
				inFlight,
			});
		}
	};

	const { outcome, attempts } = await withRetries(attempt, settings.retry, {
		signal,
		onRetry: (failure, retry, delayMs) => {
			noteRetry(this, failure.category);
			this.logger.debug(`Modulate: retrying ${request.operation} after a transient failure`, {
				itemIndex,
				category: failure.category,
				httpCode: failure.httpCode,
				retry,
				delayMs,
			});
		},
	});
	if (outcome.ok) return outcome;
	const failure = { ...outcome.failure, operation: request.operation, attempts, hint: request.hints?.[outcome.failure.category] };
	return { ok: false, failure };
}

/** The request's answer, or its failure thrown as an n8n error. */
export async function modulateRequest<T = unknown>(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
	request: ModulateRequest,
	settings: TransportSettings,
): Promise<ModulateResponse<T>> {
	const outcome = await sendRequest.call(this, itemIndex, credentials, request, settings);
	if (outcome.ok) return outcome.value as ModulateResponse<T>;
	throw toNodeError(this.getNode(), outcome.failure, itemIndex, credentials.secrets);
}
