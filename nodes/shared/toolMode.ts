/**
 * When a node runs as an AI agent's tool. n8n generates a `<name>Tool` variant of every `usableAsTool`
 * node and runs the same `execute` under that type name; the type name is the one signal both n8n
 * majors give, in both ways agents call tools (n8n's own `@tool` display condition tests the same).
 * An agent cannot take binaries (n8n drops them with a warning, or fails when nothing else is left), and
 * a long raw answer fills its context, so a tool's output is JSON only and simplified.
 */
import type { INode, INodeExecutionData } from 'n8n-workflow';

export function runsAsTool(node: Pick<INode, 'type'>): boolean {
	const name = node.type.split('.').pop() ?? '';
	return name.endsWith('Tool');
}

/** The item without its binaries, for an agent. */
export function withoutBinary(item: INodeExecutionData): INodeExecutionData {
	if (!item.binary) return item;
	const copy = { ...item };
	delete copy.binary;
	return copy;
}
