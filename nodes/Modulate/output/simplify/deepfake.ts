/** Detect Synthetic Voice (batch and streaming): the whole-file summary without the frame list. */
import type { IDataObject } from 'n8n-workflow';
import { numberOrNull, seconds, stringOrNull } from './values';

export function simplifySyntheticVoice(json: IDataObject): IDataObject {
	const summary = json.summary && typeof json.summary === 'object' ? (json.summary as IDataObject) : {};
	const verdict = stringOrNull(summary.verdict);
	return {
		verdict,
		isSynthetic: verdict === 'synthetic',
		maxSyntheticConfidence: numberOrNull(summary.maxSyntheticConfidence),
		syntheticSeconds: numberOrNull(summary.syntheticSeconds),
		syntheticFrames: numberOrNull(summary.syntheticFrames),
		totalFrames: numberOrNull(summary.totalFrames),
		durationSeconds: seconds(json.duration_ms),
		fileName: stringOrNull(json.filename),
	};
}
