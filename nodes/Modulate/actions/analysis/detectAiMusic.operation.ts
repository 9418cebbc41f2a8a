import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readAudioSource } from '../../../shared/audioSource';
import { MUSIC_EXTENSIONS } from '../../../shared/audioFormats';
import { audioSourceFields, forOperation, optionsCollection } from '../../../shared/fields';
import { requestOptionFields, transportSettingsFrom } from '../../../shared/requestOptions';
import { callBatchModel } from '../../transport/batch';
import type { ItemCredentials } from '../../../shared/transport/credentials';

const MODEL = 'velma-2-ai-music-detection-batch';
const OPERATION = 'Detect AI Music';

const properties: INodeProperties[] = [
	...audioSourceFields,
	optionsCollection([...requestOptionFields]),
];

export const description = updateDisplayOptions(forOperation('analysis', 'detectAiMusic'), properties);

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
		{ model: MODEL, operation: OPERATION, extensions: MUSIC_EXTENSIONS },
	);
	// The verdict has two "AI" values; one boolean spares every IF node from listing them.
	const verdict = typeof body.primary_verdict === 'string' ? body.primary_verdict : '';
	return { json: { ...body, summary: { isAiMusic: verdict.startsWith('ai-') } } };
}
