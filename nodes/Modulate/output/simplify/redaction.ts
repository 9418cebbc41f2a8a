/** Redact PII/PHI and its streaming variant: the redacted transcript and what was redacted, as flat fields. */
import type { IDataObject } from 'n8n-workflow';
import { byTime, distinctCount, joined, objects, seconds } from './values';

export function simplifyRedaction(json: IDataObject): IDataObject {
	const utterances = objects(json.utterances);
	const entities = json.redactedEntities && typeof json.redactedEntities === 'object' ? (json.redactedEntities as IDataObject) : {};
	return {
		transcript: typeof json.transcript === 'string' ? json.transcript : String(json.text ?? ''),
		redactionCount: typeof json.redactionCount === 'number' ? json.redactionCount : 0,
		entityTypes: joined(Object.keys(entities).sort()),
		durationSeconds: seconds(json.duration_ms),
		speakerCount: distinctCount(utterances, 'speaker'),
		utteranceCount: utterances.length,
		language: byTime(utterances, 'language')[0] ?? null,
	};
}
