import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import * as job from './job';
import type { JobOperation } from './job';
import { pickOperation } from '../../shared/operations';

const resources: Record<string, Record<string, JobOperation>> = {
	job: job.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [await pickOperation(this, resources).call(this)];
}
