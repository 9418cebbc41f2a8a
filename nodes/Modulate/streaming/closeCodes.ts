/**
 * What a WebSocket ending means: the streaming twin of transport/classify.ts, and the one place close
 * codes get their meaning (docs/api-notes.md §4, the AsyncAPI specs). Where a close code has an HTTP
 * twin (4001 ↔ 401, 4003 ↔ 403, 4029 ↔ 429) the HTTP classification decides, reading the `error` frames as
 * Modulate's detail, so "credits" versus "concurrent" is decided by the same rules for both surfaces.
 */
import { classifyHttpFailure } from '../../shared/transport/classify';
import type { ClassifiedError, FailureContext } from '../../shared/transport/classify';

export interface CloseInfo {
	code: number;
	reason?: string;
	/** Texts of the `error` frames received before the close. */
	errorFrames: string[];
	/** Whether the connection was ever open (a refused handshake ends with 1006 and never opens). */
	opened: boolean;
}

function detailOf(info: CloseInfo): string | undefined {
	const parts = [...info.errorFrames, info.reason ?? ''].map((s) => s.trim()).filter(Boolean);
	return parts.length ? [...new Set(parts)].join(' / ') : undefined;
}

export function classifyCloseCode(info: CloseInfo, ctx: FailureContext): ClassifiedError {
	const { code } = info;
	const detail = detailOf(info);
	const text = detail ?? '';
	const httpCode = String(code);
	const base = { detail, httpCode };
	const label = `(close code ${code})`;

	switch (code) {
		case 1003:
			return {
				...base,
				category: 'badRequest',
				retryable: false,
				cause: `streaming parameters rejected ${label}`,
				fix: 'Check the audio format, sample rate and channel options, the language and the other options named in the description.',
			};
		case 4002:
			return {
				...base,
				category: 'unsupportedFormat',
				retryable: false,
				cause: `the audio does not match the declared format or could not be decoded ${label}`,
				fix: 'Leave "Audio Format" on Auto (WAV is sent as raw PCM, other files as their container), set it to the format the file really has, or convert the recording to WAV.',
			};
		case 4001:
			return { ...classifyHttpFailure(401, { detail }, ctx), ...base, cause: `API key rejected ${label}` };
		case 4003: {
			if (/try again|unable to validate|temporarily/i.test(text)) {
				return {
					...base,
					category: 'serverError',
					retryable: true,
					cause: `Modulate could not validate the request ${label}`,
					fix: 'This is usually temporary; the node already retried. Try again later.',
				};
			}
			const http = classifyHttpFailure(403, { detail }, ctx);
			if (http.category !== 'permissionDenied') return { ...http, ...base, cause: `${http.cause} ${label}` };
			return {
				...http,
				...base,
				cause: `API key rejected, or ${ctx.target} not enabled for this organization ${label}`,
				fix: 'Check the API key in the Modulate API credential, and ask Modulate to enable this streaming model for your organization if the key is right.',
			};
		}
		case 4029: {
			const http = classifyHttpFailure(429, { detail }, ctx);
			return { ...http, ...base, cause: `${http.cause} ${label}` };
		}
		case 1011:
			return {
				...base,
				category: 'serverError',
				retryable: true,
				cause: `Modulate server error mid-stream ${label}`,
				fix: 'This is usually temporary; the node already retried the whole file. Try again later.',
			};
		case 1000:
		case 1005:
			if (detail && !/internal|temporarily|try again|unavailable/i.test(text)) {
				return {
					...base,
					category: 'badRequest',
					retryable: false,
					cause: `Modulate ended the stream with an error ${label}`,
					fix: 'See Modulate\'s message in the description.',
				};
			}
			return {
				...base,
				category: detail ? 'serverError' : 'network',
				retryable: true,
				cause: `the connection closed before Modulate sent "done" ${label}`,
				fix: 'Usually temporary; the node already retried. Try again later.',
			};
		case 1001:
		case 1006:
		case 1012:
		case 1013:
		case 1014:
			if (!info.opened) {
				return {
					...base,
					category: 'network',
					retryable: true,
					cause: `the WebSocket connection could not be opened ${label}`,
					fix: 'Check the Base URL in the Modulate API credential (streaming uses the same host over wss://) and connectivity to it; a proxy that refuses WebSocket upgrades also causes this.',
				};
			}
			return {
				...base,
				category: 'network',
				retryable: true,
				cause: `the connection to Modulate dropped mid-stream ${label}`,
				fix: 'Usually temporary; the node already retried the whole file. Check connectivity to the Base URL.',
			};
		case 1008:
			return {
				...classifyHttpFailure(403, { detail }, ctx),
				...base,
				cause: `Modulate refused the stream (policy violation) ${label}`,
			};
		default:
			return {
				...base,
				category: 'unknown',
				retryable: false,
				cause: `unexpected WebSocket close ${label}`,
				fix: 'See Modulate\'s message in the description.',
			};
	}
}

/** The stream went quiet: no message and no accepted audio for the idle timeout. Retried (documented). */
export function idleFailure(idleMs: number): ClassifiedError {
	return {
		category: 'timeout',
		retryable: true,
		cause: `no answer from Modulate for ${Math.round(idleMs / 1000)} s (idle timeout); the connection was closed`,
		fix: 'The node already retried from the start of the file. Raise "Idle Timeout (Seconds)" if Modulate needs longer between results, or try again later.',
	};
}
