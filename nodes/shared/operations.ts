import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

/** The operation module for a Resource and an Operation, or an error naming the pair. */
export function pickOperation<T>(
	node: INode,
	resources: Record<string, Record<string, T>>,
	resource: string,
	operation: string,
): T {
	const picked = resources[resource]?.[operation];
	if (!picked) {
		throw new NodeOperationError(node, `The operation "${operation}" of resource "${resource}" is not supported`);
	}
	return picked;
}
