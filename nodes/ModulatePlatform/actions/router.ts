import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { pickOperation } from '../../shared/operations';
import { maxConcurrencyFrom } from '../../shared/requestOptions';
import * as job from './job';
import type { JobOperation } from './job';

const resources: Record<string, Record<string, JobOperation>> = {
	job: job.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const picked = pickOperation(this.getNode(), resources, resource, operation);
	const hasItems = this.getInputData().length > 0;
	const maxConcurrency = maxConcurrencyFrom(hasItems ? (this.getNodeParameter('options', 0, {}) as IDataObject) : undefined);
	return [await picked.call(this, maxConcurrency)];
}
