import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

/** The operation module chosen by the node's Resource and Operation parameters (read once, from item 0). */
export function pickOperation<T>(ctx: IExecuteFunctions, resources: Record<string, Record<string, T>>): T {
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const picked = resources[resource]?.[operation];
	if (!picked) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of resource "${resource}" is not supported`);
	}
	return picked;
}
