import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readAudioSource } from '../../../shared/audioSource';
import { executeLabel, labelDescription } from './labelAnalysis';
import type { LabelModel } from './labelAnalysis';
import type { ItemCredentials } from '../../../shared/transport/credentials';

const MODEL: LabelModel = { operation: 'detectAccent', model: 'velma-2-accent-batch', title: 'Detect Accent' };

export const description: INodeProperties[] = labelDescription(MODEL);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<INodeExecutionData> {
	const source = readAudioSource((name, fallback) => this.getNodeParameter(name, itemIndex, fallback));
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return await executeLabel.call(this, itemIndex, credentials, { source, options }, MODEL);
}
