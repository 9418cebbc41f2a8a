import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { pickOperation } from '../../shared/operations';
import { addRunHints } from '../../shared/runHints';
import type { Route } from '../../shared/operations';
import * as job from './job';
import type { JobOperation } from './job';

const resources: Record<string, Record<string, JobOperation>> = {
	job: job.operations,
};

export async function router(this: IExecuteFunctions, { resource, operation, maxConcurrency }: Route): Promise<INodeExecutionData[][]> {
	const picked = pickOperation(this.getNode(), resources, resource, operation);
	const output = await picked.call(this, maxConcurrency);
	addRunHints(this);
	return [output];
}
