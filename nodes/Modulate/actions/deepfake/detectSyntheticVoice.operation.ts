import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { SYNTHETIC_VOICE_EXTENSIONS } from '../../../shared/audioFormats';
import { binaryPropertyField, forOperation, optionsCollection } from '../../../shared/fields';
import { requestOptionFields, transportSettingsFrom } from '../../../shared/requestOptions';
import { callBatchModel } from '../../transport/batch';
import type { ItemCredentials } from '../../../shared/transport/credentials';

const MODEL = 'velma-2-synthetic-voice-detection-batch';

const properties: INodeProperties[] = [
	binaryPropertyField,
	optionsCollection([...requestOptionFields]),
];

export const description = updateDisplayOptions(forOperation('deepfake', 'detectSyntheticVoice'), properties);

export interface SyntheticFrame {
	start_time_ms: number;
	end_time_ms: number;
	verdict: 'synthetic' | 'non-synthetic' | 'no-content' | string;
	confidence: number | null;
}

/**
 * One verdict for the whole file, for an IF node: synthetic if any frame is, else non-synthetic if any
 * frame had speech, else no-content. The frames stay next to it for anyone who wants the detail.
 */
export function summarizeFrames(frames: SyntheticFrame[]): IDataObject {
	const synthetic = frames.filter((f) => f.verdict === 'synthetic');
	const speech = frames.filter((f) => f.verdict !== 'no-content');
	const syntheticMs = synthetic.reduce((sum, f) => sum + Math.max(0, f.end_time_ms - f.start_time_ms), 0);
	const confidences = synthetic.map((f) => f.confidence).filter((c): c is number => typeof c === 'number');
	return {
		verdict: synthetic.length ? 'synthetic' : speech.length ? 'non-synthetic' : 'no-content',
		maxSyntheticConfidence: confidences.length ? Math.max(...confidences) : 0,
		syntheticSeconds: Math.round(syntheticMs) / 1000,
		syntheticFrames: synthetic.length,
		totalFrames: frames.length,
	};
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<INodeExecutionData> {
	const binaryPropertyName = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body = await callBatchModel(
		this,
		itemIndex,
		credentials,
		{ binaryPropertyName, fields: {}, settings: transportSettingsFrom(options) },
		{ model: MODEL, operation: 'Detect Synthetic Voice', extensions: SYNTHETIC_VOICE_EXTENSIONS },
	);
	const frames = (Array.isArray(body.frames) ? body.frames : []) as SyntheticFrame[];
	return { json: { ...body, summary: summarizeFrames(frames) } };
}
