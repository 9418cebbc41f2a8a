import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { toNodeError } from '../shared/transport/errors';

/** An answer without what we need (e.g. no job id): permanent, shows which fields came back. */
export function unexpectedAnswer(
	ctx: IExecuteFunctions,
	itemIndex: number,
	secrets: string[],
	operation: string,
	missing: string,
	body: IDataObject,
): Error {
	return toNodeError(
		ctx.getNode(),
		{
			category: 'unknown',
			retryable: false,
			cause: `Modulate's answer has no ${missing}`,
			fix: 'The Platform API may have changed; the names the node expects are in nodes/ModulatePlatform/platformApi.ts',
			detail: `fields received: ${Object.keys(body).join(', ') || '(none)'}`,
			operation,
		},
		itemIndex,
		secrets,
	);
}
