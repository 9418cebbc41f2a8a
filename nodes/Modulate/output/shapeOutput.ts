/**
 * The last step of every Modulate operation's item: the simplified form when the item asks for it or
 * the node runs as an agent's tool, and no binaries for a tool. Operations return their full output and
 * never look at either.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { ItemOperation } from '../../shared/itemRunner';
import { runsAsTool, withoutBinary } from '../../shared/toolMode';
import type { Simplifier } from './simplify';

export interface OutputShape {
	/** The operation's simplifier; none when its answer is small and flat already. */
	simplifier?: Simplifier;
	/** The item's Simplify toggle, read by the node file. */
	simplify: (itemIndex: number) => boolean;
}

export function shapeItem(item: INodeExecutionData, simplifier: Simplifier | undefined, simplify: boolean, asTool: boolean): INodeExecutionData {
	const shaped = simplifier && (simplify || asTool) ? { ...item, json: simplifier(item.json) } : item;
	return asTool ? withoutBinary(shaped) : shaped;
}

/** The operation with its output shaped per item. */
export function shapedOperation(operation: ItemOperation, shape: OutputShape): ItemOperation {
	return async function (this: IExecuteFunctions, itemIndex, credentials) {
		const asTool = runsAsTool(this.getNode());
		const item = await operation.call(this, itemIndex, credentials);
		return shapeItem(item, shape.simplifier, !asTool && shape.simplify(itemIndex), asTool);
	};
}
