import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readAudioSource } from '../../../shared/audioSource';
import { MUSIC_EXTENSIONS } from '../../../shared/audioFormats';
import { audioSourceFields, forOperation, optionsCollection } from '../../../shared/fields';
import { requestOptionFields, transportSettingsFrom } from '../../../shared/requestOptions';
import { callBatchModel } from '../../transport/batch';
import type { ItemCredentials } from '../../../shared/transport/credentials';

const MODEL = 'velma-2-music-detection-batch';
const OPERATION = 'Detect Music';

const properties: INodeProperties[] = [
	...audioSourceFields,
	optionsCollection([...requestOptionFields]),
];

export const description = updateDisplayOptions(forOperation('analysis', 'detectMusic'), properties);

/**
 * The API gives percentages of a clip in seconds; an IF node usually asks "is there music?" or "more than
 * N seconds of it?" (hold music, a radio in the background), so both are spelled out.
 */
export function summarizeMusic(body: IDataObject): IDataObject {
	const durationS = Number(body.duration_s ?? 0);
	const musicPct = Number(body.music_pct ?? 0);
	const speechPct = Number(body.speech_pct ?? 0);
	const seconds = (pct: number) => Math.round(durationS * pct * 10) / 1000;
	return { hasMusic: musicPct > 0, musicSeconds: seconds(musicPct), speechSeconds: seconds(speechPct) };
}

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
	return { json: { ...body, summary: summarizeMusic(body) } };
}
