/**
 * The one place that decides what a Modulate failure means: permanent (fail now, say why) or transient
 * (retry with backoff). Modulate's doc versions disagree on status codes (docs/api-notes.md §4, §6),
 * so the decision reads `detail` as well as the status, and copes with every variant seen.
 */

export type ErrorCategory =
	| 'invalidCredentials'
	| 'permissionDenied'
	| 'quotaExhausted'
	| 'concurrencyLimit'
	| 'badRequest'
	| 'unsupportedFormat'
	| 'fileTooLarge'
	| 'notFound'
	| 'serverError'
	| 'network'
	| 'timeout'
	| 'cancelled'
	| 'jobFailed'
	/** A 2xx answer that breaks the API's spec: not JSON, or a required field missing. Not retried. */
	| 'invalidAnswer'
	/** Streaming on a runtime without a WebSocket client (n8n 1.x). */
	| 'unsupportedRuntime'
	| 'unknown';

export interface ClassifiedError {
	category: ErrorCategory;
	retryable: boolean;
	/** Short cause, first in the error message: "API key rejected", "monthly quota exhausted", … */
	cause: string;
	/** What the user should do about it. */
	fix: string;
	/** Modulate's own text, when it sent one (or, with `detailSource: 'client'`, what the client saw). */
	detail?: string;
	detailSource?: 'modulate' | 'client';
	/** A Node.js error code (ECONNREFUSED, …): kept out of the message, shown in the description. */
	errorCode?: string;
	httpCode?: string;
	/** From a Retry-After header, when the server sent one. */
	retryAfterMs?: number;
}

export interface FailureContext {
	/** Model path segment (e.g. `velma-2-stt-batch`) or Platform endpoint, for messages. */
	target: string;
	surface: 'models' | 'platform';
}

const QUOTA = /credit|quota|monthly|billing|usage limit|insufficient|exhausted|plan limit/i;
const CONCURRENT = /concurren|simultaneous|parallel|too many (concurrent|requests|connections)|rate limit|slow down|try again shortly|retry shortly/i;
const BAD_KEY = /api[ _-]?key|invalid (key|credential|token)|unauthori[sz]ed|not authenticated|authentication|account/i;

/** Modulate's `detail` as one line of text: a string, a FastAPI validation list, or an HTML page. */
export function extractDetail(body: unknown): string | undefined {
	if (body === undefined || body === null || body === '') return undefined;
	if (typeof body === 'string') {
		const text = body.trim();
		if (/^<(!doctype|html)/i.test(text)) {
			const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
			return `an HTML page${title ? ` ("${title}")` : ''} instead of Modulate's JSON, probably from a proxy or load balancer`;
		}
		try {
			return extractDetail(JSON.parse(text));
		} catch {
			return text.slice(0, 500);
		}
	}
	if (typeof body === 'object') {
		const detail = (body as { detail?: unknown; message?: unknown; error?: unknown }).detail ??
			(body as { message?: unknown }).message ??
			(body as { error?: unknown }).error;
		if (typeof detail === 'string') return detail;
		if (Array.isArray(detail)) {
			return detail
				.map((entry) => {
					const e = entry as { loc?: unknown[]; msg?: string };
					const where = Array.isArray(e.loc) ? e.loc.join('.') : '';
					return where ? `${where}: ${e.msg ?? 'invalid'}` : String(e.msg ?? JSON.stringify(entry));
				})
				.join('; ');
		}
		if (detail !== undefined) return JSON.stringify(detail).slice(0, 500);
	}
	return undefined;
}

/** Retry-After as milliseconds: seconds or an HTTP date. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (Array.isArray(value)) value = value[0];
	if (typeof value === 'number') return Math.max(0, value * 1000);
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function credentialName(ctx: FailureContext): string {
	return ctx.surface === 'platform' ? 'Modulate Platform API credential' : 'Modulate API credential';
}

export function classifyHttpFailure(
	status: number,
	body: unknown,
	ctx: FailureContext,
	retryAfterHeader?: unknown,
): ClassifiedError {
	const detail = extractDetail(body);
	const httpCode = String(status);
	const retryAfterMs = parseRetryAfter(retryAfterHeader);
	const base = { detail, httpCode, retryAfterMs };
	const text = detail ?? '';

	const invalidKey: ClassifiedError = {
		...base,
		category: 'invalidCredentials',
		retryable: false,
		cause: 'API key rejected',
		fix: `Check the API key${ctx.surface === 'platform' ? ' and account UUID' : ''} in the ${credentialName(ctx)}.`,
	};
	const concurrency: ClassifiedError = {
		...base,
		category: 'concurrencyLimit',
		retryable: true,
		cause: `concurrent request limit reached for ${ctx.target}`,
		fix: 'Lower "Max Concurrent Requests" (with Concurrency Auto the node already stays below the limit it finds, so other workflows or executions using the same key hold it), or ask Modulate to raise the organization\'s concurrent limit for this model.',
	};
	const quota: ClassifiedError = {
		...base,
		category: 'quotaExhausted',
		retryable: false,
		cause: 'monthly quota exhausted or credits used up',
		fix: 'Add credits or wait for the usage period to reset; retrying now will fail the same way.',
	};

	switch (status) {
		case 401:
			return invalidKey;
		case 403:
			if (CONCURRENT.test(text)) return concurrency;
			if (QUOTA.test(text)) return quota;
			if (BAD_KEY.test(text)) return invalidKey;
			return {
				...base,
				category: 'permissionDenied',
				retryable: false,
				cause: `model not enabled for this organization (${ctx.target}), or usage denied`,
				fix: 'Ask Modulate to enable this model for your organization, or use a key that has it.',
			};
		case 429:
			if (QUOTA.test(text) && !CONCURRENT.test(text)) return quota;
			return concurrency;
		case 400:
			if (/unsupported file format|file format/i.test(text)) {
				return {
					...base,
					category: 'unsupportedFormat',
					retryable: false,
					cause: 'unsupported file format',
					fix: 'Convert the audio to a supported format, or fix the file name extension.',
				};
			}
			return {
				...base,
				category: 'badRequest',
				retryable: false,
				cause: badRequestCause(text),
				fix: 'Fix the input or the option named in the description.',
			};
		case 404:
			return {
				...base,
				category: 'notFound',
				retryable: false,
				cause: `not found: ${ctx.target}`,
				fix: ctx.surface === 'platform'
					? 'Check the job ID (jobs belong to the account of the credential).'
					: 'Check the Base URL in the credential.',
			};
		case 413:
			return {
				...base,
				category: 'fileTooLarge',
				retryable: false,
				cause: 'file too large',
				fix: 'Split or compress the audio below the endpoint\'s size limit.',
			};
		case 422:
			if (/x-api-key|apikey|accountuuid/i.test(text)) {
				return { ...invalidKey, cause: 'API key missing from the request' };
			}
			return {
				...base,
				category: 'badRequest',
				retryable: false,
				cause: /too short/i.test(text) ? 'audio too short to analyze' : 'request rejected as malformed',
				fix: /too short/i.test(text)
					? 'Send at least 0.5 s of single-speaker speech.'
					: 'Check the input audio and the options named in the description.',
			};
		case 500:
		case 502:
		case 503:
		case 504:
			return {
				...base,
				category: 'serverError',
				retryable: true,
				cause: `Modulate server error (${status})`,
				fix: 'This is usually temporary; the node already retried. Try again later.',
			};
		default:
			return {
				...base,
				category: 'unknown',
				retryable: status >= 500,
				cause: `unexpected HTTP status ${status}`,
				fix: 'See the description for Modulate\'s answer.',
			};
	}
}

function badRequestCause(text: string): string {
	if (/empty/i.test(text)) return 'the audio file is empty';
	if (/language/i.test(text)) return 'invalid language code';
	if (/config/i.test(text)) return 'invalid configuration';
	if (/could not be processed|corrupt/i.test(text)) return 'the audio could not be processed';
	return 'request rejected';
}

const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'EPIPE',
	'ECONNABORTED',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENETDOWN',
	'UND_ERR_SOCKET',
	'UND_ERR_CLOSED',
	'ERR_STREAM_PREMATURE_CLOSE',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * The error code of a failure with no answer. n8n's helper wraps the client's error in a NodeApiError that
 * keeps the code as `httpCode` and the original text in `messages` (the native cause is erased).
 */
function errorCode(error: unknown): string | undefined {
	let current = error as { code?: unknown; httpCode?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		for (const value of [current.code, current.httpCode]) {
			if (typeof value === 'string' && /^[A-Z][A-Z_]+$/.test(value)) return value;
		}
		current = current.cause as typeof current;
	}
	return undefined;
}

/** Every text the error carries: its message and the messages n8n's wrapper kept. */
function errorTexts(error: unknown): string {
	const e = error as { message?: unknown; messages?: unknown } | undefined;
	const messages = Array.isArray(e?.messages) ? e.messages.map(String) : [];
	return [String(e?.message ?? error), ...messages].join(' / ');
}

/**
 * A failure with no HTTP answer: reset, refused, DNS, timeout, a cut-off answer, or cancellation. `cancelled`
 * says whether the execution's own signal fired: n8n's helper reports its timeout as an abort too, so an
 * abort we did not ask for is the timeout. The error code goes to the description, never the message.
 */
export function classifyTransportFailure(
	error: unknown,
	ctx: FailureContext,
	timeoutMs: number,
	cancelled = false,
): ClassifiedError {
	if (cancelled) {
		return {
			category: 'cancelled',
			retryable: false,
			cause: 'execution cancelled',
			fix: 'Nothing to fix: the workflow was stopped',
		};
	}
	const code = errorCode(error);
	const text = errorTexts(error);
	const client = { detail: text.slice(0, 300), detailSource: 'client' as const, errorCode: code };
	if (code === 'ERR_INVALID_URL' || /invalid url/i.test(text)) {
		return {
			...client,
			category: 'invalidCredentials',
			retryable: false,
			cause: 'the Base URL is not a valid URL',
			fix: `Set the Base URL in the ${credentialName(ctx)} to a full URL such as ${ctx.surface === 'platform' ? 'https://cloud-processing-api.modulate.ai' : 'https://platform.modulate.ai'}.`,
		};
	}
	// The answer started, then the connection ended before its last byte (a Content-Length not met).
	if (/stream has been aborted|premature close|aborted by the server|response aborted|terminated/i.test(text) || code === 'ERR_STREAM_PREMATURE_CLOSE') {
		return {
			...client,
			category: 'network',
			retryable: true,
			cause: 'the connection closed before Modulate\'s answer was complete (the answer was cut off)',
			fix: 'Usually temporary; the node already retried. Check connectivity to the Base URL, and any proxy between n8n and Modulate.',
		};
	}
	const aborted = code === 'ERR_CANCELED' || code === 'ABORT_ERR' || /\babort|cancel/i.test(text);
	if (aborted || (code && TIMEOUT_CODES.has(code)) || /timeout|timed out/i.test(text)) {
		return {
			...client,
			category: 'timeout',
			retryable: true,
			cause: `no answer from Modulate within ${Math.round(timeoutMs / 1000)} s`,
			fix: 'Raise "Timeout (Seconds)" for long recordings, or try again later',
		};
	}
	if (code === 'ENOTFOUND') {
		return {
			...client,
			category: 'network',
			retryable: false,
			cause: 'the Base URL\'s host cannot be resolved',
			fix: `Check the Base URL in the ${credentialName(ctx)}.`,
		};
	}
	if (code === 'ECONNREFUSED' || /connection refused|refused the connection/i.test(text)) {
		return {
			...client,
			category: 'network',
			retryable: true,
			cause: 'nothing accepted the connection at the Base URL (connection refused)',
			fix: `Check the host and port of the Base URL in the ${credentialName(ctx)}; the node already retried.`,
		};
	}
	if ((code && NETWORK_CODES.has(code)) || /socket hang up|network|connection/i.test(text)) {
		return {
			...client,
			category: 'network',
			retryable: true,
			cause: 'connection to Modulate failed',
			fix: 'Usually temporary; the node already retried. Check connectivity to the Base URL.',
		};
	}
	return {
		...client,
		category: 'unknown',
		retryable: false,
		cause: 'the request failed before Modulate answered',
		fix: 'See the description for what the HTTP client reported.',
	};
}

/** A 2xx answer that breaks the API's spec (not JSON, a required field missing or of the wrong type). */
export function classifyInvalidAnswer(problem: string, ctx: FailureContext, excerpt?: string): ClassifiedError {
	return {
		category: 'invalidAnswer',
		retryable: false,
		cause: `Modulate's answer is not what the API specifies: ${problem}`,
		fix: `Check that the Base URL in the ${credentialName(ctx)} points at Modulate itself, not a proxy or another service; if it does, report this answer to Modulate.`,
		detail: excerpt,
		detailSource: 'client',
	};
}
