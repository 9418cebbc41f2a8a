/**
 * Classified failures become n8n errors here, and only here, so that every node reports a failure the
 * same way: the cause first in the message, Modulate's `detail` as the description, the HTTP code on
 * the error, and no secret anywhere. Each error keeps the classification it was built from, so a
 * continue-on-fail item takes its category from there instead of reading it back out of the message.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import type { ClassifiedError, ErrorCategory } from './classify';
import { scrubSecrets } from './secrets';

export type Classification = Pick<ClassifiedError, 'category' | 'retryable'>;

const classifications = new WeakMap<object, Classification>();

/** Ties an error to its classification; `context` carries it too, for n8n's error view. */
export function classified<E extends NodeApiError | NodeOperationError>(error: E, classification: Classification): E {
	const { category, retryable } = classification;
	classifications.set(error, { category, retryable });
	Object.assign(error.context, { category, retryable });
	return error;
}

/** The classification of an error this package built; undefined for any other error. */
export function classificationOf(error: unknown): Classification | undefined {
	return error !== null && typeof error === 'object' ? classifications.get(error) : undefined;
}

export interface FailureInfo extends ClassifiedError {
	/** What was being done, e.g. "Transcribe (velma-2-stt-batch)". */
	operation: string;
	/** Attempts made, counting the first. */
	attempts?: number;
	/** Extra sentence specific to the operation (e.g. the supported formats). */
	hint?: string;
}

/** Joins sentences with ". ", adding a period only where a sentence has no end mark, so text such as an ID ".." is kept. */
function sentences(parts: string[]): string {
	return parts
		.map((part) => part.trim())
		.filter(Boolean)
		.map((part, i, all) => (i < all.length - 1 && !/[.!?:]$/.test(part) ? `${part}.` : part))
		.join(' ');
}

export function buildMessage(info: FailureInfo): string {
	const parts = [`${info.operation}: ${info.cause}`];
	if (info.hint) parts.push(info.hint);
	if (info.retryable && info.attempts && info.attempts > 1) {
		parts.push(`Gave up after ${info.attempts} attempts.`);
	}
	parts.push(info.fix);
	return sentences(parts);
}

/**
 * n8n-workflow's NodeError replaces any message containing a Node.js error code (ECONNREFUSED, ETIMEDOUT,
 * …) with its own generic sentence, which would lose our cause and fix. So no such code may stay in a
 * message: each is taken out here and handed back for the description.
 */
const N8N_REPLACED_CODES = [
	'ECONNREFUSED',
	'ECONNRESET',
	'ENOTFOUND',
	'ETIMEDOUT',
	'ERRADDRINUSE',
	'EADDRNOTAVAIL',
	'ECONNABORTED',
	'EHOSTUNREACH',
	'EAI_AGAIN',
	'ENOENT',
	'EISDIR',
	'ENOTDIR',
	'EACCES',
	'EEXIST',
	'EPERM',
	'GETADDRINFO',
];
const CODE_PATTERN = new RegExp(N8N_REPLACED_CODES.join('|'), 'gi');

export function withoutErrorCodes(message: string): { message: string; codes: string[] } {
	const codes = [...new Set((message.match(CODE_PATTERN) ?? []).map((c) => c.toUpperCase()))];
	if (!codes.length) return { message, codes };
	return { message: message.replace(CODE_PATTERN, 'error code in the description'), codes };
}

/** The description: Modulate's own text, then the error code of a failure with no answer. */
function descriptionOf(info: FailureInfo, extraCodes: string[]): string | undefined {
	const parts: string[] = [];
	if (info.detail) parts.push(`${info.detailSource === 'client' ? 'Details' : 'Modulate said'}: ${info.detail}`);
	const codes = [...new Set([...(info.errorCode ? [info.errorCode] : []), ...extraCodes])];
	if (codes.length) parts.push(`Error code: ${codes.join(', ')}.`);
	return parts.length ? sentences(parts) : undefined;
}

export function toNodeError(
	node: INode,
	info: FailureInfo,
	itemIndex: number,
	secrets: string[],
): NodeApiError | NodeOperationError {
	const { message: codeFree, codes } = withoutErrorCodes(scrubSecrets(buildMessage(info), secrets));
	const message = codeFree;
	const built = descriptionOf(info, codes);
	const description = built ? scrubSecrets(built, secrets) : undefined;
	if (info.httpCode) {
		const error = new NodeApiError(node, { message, httpCode: info.httpCode } as JsonObject, {
			message,
			description,
			httpCode: info.httpCode,
			itemIndex,
		});
		return classified(error, info);
	}
	return classified(new NodeOperationError(node, message, { description, itemIndex }), info);
}

/** A local input problem (bad file, bad option): permanent, named for the item and field. */
export function inputError(
	node: INode,
	itemIndex: number,
	message: string,
	description?: string,
	category: ErrorCategory = 'badRequest',
): NodeOperationError {
	const { message: codeFree, codes } = withoutErrorCodes(`Item ${itemIndex}: ${message}`);
	const fullDescription = codes.length ? [description, `Error code: ${codes.join(', ')}.`].filter(Boolean).join(' ') : description;
	const error = new NodeOperationError(node, codeFree, { description: fullDescription, itemIndex });
	return classified(error, { category, retryable: false });
}

/** The JSON of a continue-on-fail item, so a workflow can route on category and retryable. */
export function errorItemJson(error: unknown, secrets: string[]): IDataObject {
	const e = error as { message?: string; description?: string | null; httpCode?: string | null };
	const classification = classificationOf(error);
	const json: IDataObject = {
		error: scrubSecrets(e.message ?? String(error), secrets),
		httpCode: e.httpCode ?? null,
		category: classification?.category ?? 'unknown',
		retryable: classification?.retryable ?? false,
	};
	if (e.description) json.description = scrubSecrets(e.description, secrets);
	return json;
}
