import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { pickOperation } from '../../shared/operations';
import type { Route } from '../../shared/operations';
import * as job from './job';
import type { JobOperation } from './job';

const resources: Record<string, Record<string, JobOperation>> = {
	job: job.operations,
};

export async function router(this: IExecuteFunctions, { resource, operation, maxConcurrency }: Route): Promise<INodeExecutionData[][]> {
	const picked = pickOperation(this.getNode(), resources, resource, operation);
	return [await picked.call(this, maxConcurrency)];
}
