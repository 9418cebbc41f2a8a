import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { runListPerItem, runPerItem } from '../../shared/itemRunner';
import { pickOperation } from '../../shared/operations';
import { addRunHints } from '../../shared/runHints';
import type { Route } from '../../shared/operations';
import { shapedOperation } from '../output/shapeOutput';
import { SIMPLIFIERS } from '../output/simplify';
import * as analysis from './analysis';
import * as call from './call';
import * as conversation from './conversation';
import * as deepfake from './deepfake';
import * as redaction from './redaction';
import * as transcription from './transcription';
import type { RoutedOperation } from './types';

const resources: Record<string, Record<string, RoutedOperation>> = {
	transcription: transcription.operations,
	analysis: analysis.operations,
	call: call.operations,
	conversation: conversation.operations,
	deepfake: deepfake.operations,
	redaction: redaction.operations,
};

export async function router(this: IExecuteFunctions, { resource, operation, maxConcurrency, simplify }: Route): Promise<INodeExecutionData[][]> {
	const picked = pickOperation(this.getNode(), resources, resource, operation);
	const output =
		typeof picked === 'function'
			? await runPerItem.call(
					this,
					shapedOperation(picked, { simplifier: SIMPLIFIERS[operation], simplify: simplify ?? (() => false) }),
					'modulateApi',
					maxConcurrency,
				)
			: await runListPerItem.call(this, picked.list, 'modulateApi', maxConcurrency);
	addRunHints(this);
	return [output];
}
