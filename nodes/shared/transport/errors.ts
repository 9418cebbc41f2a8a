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

export function buildMessage(info: FailureInfo): string {
	const parts = [`${info.operation}: ${info.cause}`];
	if (info.hint) parts.push(info.hint);
	if (info.retryable && info.attempts && info.attempts > 1) {
		parts.push(`Gave up after ${info.attempts} attempts.`);
	}
	parts.push(info.fix);
	return parts.join('. ').replace(/\.\./g, '.');
}

export function toNodeError(
	node: INode,
	info: FailureInfo,
	itemIndex: number,
	secrets: string[],
): NodeApiError | NodeOperationError {
	const message = scrubSecrets(buildMessage(info), secrets);
	const description = info.detail ? scrubSecrets(`Modulate said: ${info.detail}`, secrets) : undefined;
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
	const error = new NodeOperationError(node, `Item ${itemIndex}: ${message}`, { description, itemIndex });
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
