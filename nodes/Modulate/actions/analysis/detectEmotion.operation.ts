import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readAudioSource } from '../../../shared/audioSource';
import { executeLabel, labelDescription } from './labelAnalysis';
import type { LabelModel } from './labelAnalysis';
import type { ItemCredentials } from '../../../shared/transport/credentials';

const MODEL: LabelModel = { operation: 'detectEmotion', model: 'velma-2-emotion-batch', title: 'Detect Emotion' };

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
