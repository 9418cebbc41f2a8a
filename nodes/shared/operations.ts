import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

/** What a node's execute() reads once, from the first item, to route the whole execution. */
export interface Route {
	resource: string;
	operation: string;
	/** From the first item's options; every item of one execution shares it. */
	maxConcurrency: number;
	/** An item's Simplify toggle (false where the operation has none), read by the node file. */
	simplify?: (itemIndex: number) => boolean;
}

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
