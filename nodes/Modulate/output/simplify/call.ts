import type { IDataObject } from 'n8n-workflow';

/**
 * The ten keys Simplify keeps (n8n's UX guidelines: at most ten flat fields), chosen for the call-center
 * decisions: how long, which language, who spoke, what was said, how much was redacted, whether a voice
 * was synthetic, and what the call was about: nine, so `errors`, kept when an analysis failed, is the tenth.
 */
export const SIMPLIFIED_KEYS = [
	'durationSeconds',
	'language',
	'speakerCount',
	'transcript',
	'redactionCount',
	'syntheticVerdict',
	'syntheticConfidence',
	'summary',
	'detectedBehaviors',
];

export function simplifyRecord(record: IDataObject): IDataObject {
	const simple: IDataObject = {};
	for (const key of SIMPLIFIED_KEYS) if (key in record) simple[key] = record[key];
	if (record.errors) simple.errors = record.errors;
	return simple;
}
