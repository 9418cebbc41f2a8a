import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readAudioSource } from '../../../shared/audioSource';
import { SYNTHETIC_VOICE_EXTENSIONS } from '../../../shared/audioFormats';
import { audioSourceFields, forOperation, optionsCollection } from '../../../shared/fields';
import { requestOptionFields, transportSettingsFrom } from '../../../shared/requestOptions';
import { callBatchModel } from '../../transport/batch';
import { summarizeFrames } from './syntheticFrames';
import type { SyntheticFrame } from './syntheticFrames';
import type { ItemCredentials } from '../../../shared/transport/credentials';

const MODEL = 'velma-2-synthetic-voice-detection-batch';

const properties: INodeProperties[] = [
	...audioSourceFields,
	optionsCollection([...requestOptionFields]),
];

export const description = updateDisplayOptions(forOperation('deepfake', 'detectSyntheticVoice'), properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<INodeExecutionData> {
	const source = readAudioSource((name, fallback) => this.getNodeParameter(name, itemIndex, fallback));
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body = await callBatchModel(
		this,
		itemIndex,
		credentials,
		{ source, fields: {}, settings: transportSettingsFrom(options) },
		{ model: MODEL, operation: 'Detect Synthetic Voice', extensions: SYNTHETIC_VOICE_EXTENSIONS },
	);
	const frames = (Array.isArray(body.frames) ? body.frames : []) as SyntheticFrame[];
	return { json: { ...body, summary: summarizeFrames(frames) } };
}
