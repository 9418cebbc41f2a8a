/**
 * One GET of a recording's URL, through n8n's plain request helper (the URL is not Modulate's, so no
 * credential goes with it), answered as a stream. Redirects are followed here, not by the HTTP client:
 * it would keep every byte to replay them, and its own limit gives no loop or scheme check. Only http and
 * https are fetched, at every hop. A failure is a DownloadProblem in plain words, never with the query.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import type { ErrorCategory } from '../transport/classify';
import { withoutQuery } from '../transport/secrets';

export interface DownloadSettings {
	/** Redirects followed before giving up. */
	maxRedirects: number;
	/** How long the host may take to connect, answer, or send the next bytes. */
	timeoutMs: number;
	signal?: AbortSignal;
}

export const DOWNLOAD_DEFAULTS: DownloadSettings = { maxRedirects: 5, timeoutMs: 60_000 };

export type HttpRequest = IExecuteFunctions['helpers']['httpRequest'];

export interface DownloadProblem {
	category: ErrorCategory;
	/** Whether trying again later may work (the host's fault, not the link's). */
	retryable: boolean;
	/** What went wrong, in a few words, e.g. "the server answered 404 (not found)". */
	cause: string;
	fix: string;
	/** The client's own text (error code, server text), for the description. */
	detail?: string;
}

/** A download that failed; `problem` says how. */
export class DownloadError extends Error {
	constructor(readonly problem: DownloadProblem) {
		super(problem.cause);
		this.name = 'DownloadError';
	}
}

/** The answer's body as n8n's helper gives it with `encoding: 'stream'`. */
export interface StreamBody extends AsyncIterable<Buffer> {
	destroy(error?: Error): void;
}

export interface OpenedDownload {
	/** The URL that answered 2xx, after redirects. */
	finalUrl: string;
	contentType?: string;
	/** From Content-Length, when the server sent one and the body is not re-encoded. */
	contentLength?: number;
	body: StreamBody;
}

interface StreamResponse {
	statusCode: number;
	headers?: IDataObject;
	body?: StreamBody;
}

function header(headers: IDataObject | undefined, name: string): string | undefined {
	const value = headers?.[name];
	if (value === undefined || value === null) return undefined;
	return Array.isArray(value) ? String(value[0]) : String(value);
}

function schemeProblem(scheme: string, redirected: boolean): DownloadProblem {
	return {
		category: 'badRequest',
		retryable: false,
		cause: `${redirected ? 'it redirects to' : 'it is'} a ${scheme} link; only http and https links can be downloaded`,
		fix: 'Give an http(s) link to the recording (e.g. a presigned storage URL). Files on disk or in other stores: read them into a binary first and use Input: Binary File.',
	};
}

/** The URL, parsed, if it is an absolute http(s) URL; the problem otherwise. */
export function parseHttpUrl(text: string, base?: string): URL | DownloadProblem {
	let url: URL;
	try {
		url = new URL(text, base);
	} catch {
		return {
			category: 'badRequest',
			retryable: false,
			cause: base ? 'it redirects to an invalid Location' : 'it is not a valid URL',
			fix: 'Give a full link starting with https:// (or http://).',
		};
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return schemeProblem(url.protocol, !!base);
	return url;
}

const STATUS_WORDS: Record<number, string> = {
	400: 'bad request',
	401: 'authentication required',
	403: 'access denied',
	404: 'not found',
	410: 'gone',
	429: 'too many requests',
	500: 'server error',
	502: 'bad gateway',
	503: 'unavailable',
	504: 'gateway timeout',
};

function statusProblem(status: number): DownloadProblem {
	const words = STATUS_WORDS[status] ? ` (${STATUS_WORDS[status]})` : '';
	const cause = `the server answered ${status}${words}`;
	if (status === 401 || status === 403) {
		return {
			category: 'permissionDenied',
			retryable: false,
			cause,
			fix: 'The link needs access the node does not have: use a presigned or public link, and check it has not expired.',
		};
	}
	if (status === 404 || status === 410) {
		return { category: 'notFound', retryable: false, cause, fix: 'Check the link: the recording may have moved, been deleted, or the link expired.' };
	}
	if (status === 429 || status >= 500) {
		return { category: 'serverError', retryable: true, cause, fix: 'The recording\'s host had a problem; try again later.' };
	}
	return { category: 'badRequest', retryable: false, cause, fix: 'Check that the link downloads the recording itself (open it in a browser).' };
}

function errorCodeOf(error: unknown): string | undefined {
	for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
		if (typeof e.code === 'string' && /^E[A-Z_]+$|^ERR_/.test(e.code)) return e.code;
	}
	return undefined;
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** A failure of the connection (no answer, or the answer cut off), in plain words. */
export function transportProblem(error: unknown, settings: DownloadSettings, shownUrl: string): DownloadProblem {
	if (error instanceof DownloadError) return error.problem;
	const code = errorCodeOf(error);
	const text = messageOf(error);
	const detail = `${code ? `${code}: ` : ''}${text}`.replace(/https?:\/\/\S+/g, (u) => withoutQuery(u)).slice(0, 300);
	const host = (() => {
		try {
			return new URL(shownUrl).host;
		} catch {
			return 'the host';
		}
	})();
	if (settings.signal?.aborted) {
		return { category: 'cancelled', retryable: false, cause: 'the download was cancelled', fix: 'Nothing to fix: the workflow was stopped', detail };
	}
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /getaddrinfo/i.test(text)) {
		return {
			category: 'network',
			retryable: code === 'EAI_AGAIN',
			cause: `the host ${host} could not be found (DNS lookup failed)`,
			fix: 'Check the link\'s host name, and that n8n can resolve it (a private host may need n8n in the same network).',
			detail,
		};
	}
	if (code === 'ECONNREFUSED') {
		return {
			category: 'network',
			retryable: true,
			cause: `the host ${host} is unreachable (it refused the connection)`,
			fix: 'Check the link\'s host and port, and that the server is up and reachable from n8n.',
			detail,
		};
	}
	if (code === 'ETIMEDOUT' || code === 'ECONNABORTED' || code === 'ESOCKETTIMEDOUT' || /timeout|timed out/i.test(text)) {
		return {
			category: 'timeout',
			retryable: true,
			cause: `the host ${host} sent nothing for ${settings.timeoutMs >= 1000 ? `${Math.round(settings.timeoutMs / 1000)} s` : `${settings.timeoutMs} ms`} (timed out)`,
			fix: 'Check that the host is reachable from n8n, or try again later.',
			detail,
		};
	}
	if (code && /CERT|SSL|TLS/i.test(code)) {
		return {
			category: 'network',
			retryable: false,
			cause: `the host ${host}'s TLS certificate was not accepted`,
			fix: 'Use a link whose host has a valid certificate.',
			detail,
		};
	}
	if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
		return { category: 'network', retryable: true, cause: `the host ${host} is unreachable (no route)`, fix: 'Check that n8n can reach the link\'s host.', detail };
	}
	return {
		category: 'network',
		retryable: true,
		cause: `the download from ${host} failed (the connection broke)`,
		fix: 'Usually temporary: try again. If it persists, check the link opens in a browser.',
		detail,
	};
}

/**
 * GETs the URL, following at most `maxRedirects` redirects (relative Locations too), and returns the
 * first 2xx answer with its body unread. Any other answer is a DownloadError; its body is discarded.
 */
export async function openDownload(httpRequest: HttpRequest, url: string, settings: DownloadSettings): Promise<OpenedDownload> {
	const first = parseHttpUrl(url);
	if (!(first instanceof URL)) throw new DownloadError(first);
	let current = first;
	const visited = new Set<string>();
	for (let redirects = 0; ; redirects++) {
		visited.add(current.href);
		const options: IHttpRequestOptions = {
			method: 'GET',
			url: current.href,
			// The size check needs the bytes as stored: a compressed answer's Content-Length is not the file's.
			headers: { accept: 'audio/*, application/octet-stream;q=0.9, */*;q=0.5', 'accept-encoding': 'identity' },
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: settings.timeoutMs,
			abortSignal: settings.signal,
		};
		const answer = await httpRequest(options).then(
			(r) => r as StreamResponse,
			(error: unknown) => transportProblem(error, settings, current.href),
		);
		if ('category' in answer) throw new DownloadError(answer);
		const response = answer;
		const status = response.statusCode;
		if (status >= 200 && status < 300 && response.body) {
			const length = Number(header(response.headers, 'content-length'));
			const encoded = (header(response.headers, 'content-encoding') ?? 'identity').toLowerCase() !== 'identity';
			return {
				finalUrl: current.href,
				contentType: header(response.headers, 'content-type'),
				contentLength: !encoded && Number.isSafeInteger(length) && length >= 0 ? length : undefined,
				body: response.body,
			};
		}
		response.body?.destroy();
		if (status >= 300 && status < 400 && status !== 304) {
			const location = header(response.headers, 'location');
			if (!location) throw new DownloadError({ ...statusProblem(status), cause: `the server answered ${status} (a redirect) without saying where to` });
			const next = parseHttpUrl(location, current.href);
			if (!(next instanceof URL)) throw new DownloadError(next);
			if (visited.has(next.href)) {
				throw new DownloadError({
					category: 'badRequest',
					retryable: false,
					cause: `it redirects in a loop (back to ${withoutQuery(next.href)})`,
					fix: 'The link does not lead to a file: get a fresh or direct link to the recording.',
				});
			}
			if (redirects >= settings.maxRedirects) {
				throw new DownloadError({
					category: 'badRequest',
					retryable: false,
					cause: `too many redirects (more than ${settings.maxRedirects})`,
					fix: 'Use the link the redirects end at, or a direct link to the recording.',
				});
			}
			current = next;
			continue;
		}
		throw new DownloadError(statusProblem(status));
	}
}
