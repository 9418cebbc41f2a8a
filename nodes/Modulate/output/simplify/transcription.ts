/**
 * Transcribe and Transcribe (Streaming): the transcript in the chosen Transcript Format and what a
 * workflow routes on (length, speakers, language), instead of the utterance list.
 */
import type { IDataObject } from 'n8n-workflow';
import { byTime, distinctCount, joined, maxOf, objects, seconds } from './values';

export function simplifyTranscription(json: IDataObject): IDataObject {
	const utterances = objects(json.utterances);
	const languages = byTime(utterances, 'language');
	return {
		transcript: typeof json.transcript === 'string' ? json.transcript : String(json.text ?? ''),
		durationSeconds: seconds(json.duration_ms),
		speakerCount: distinctCount(utterances, 'speaker'),
		utteranceCount: utterances.length,
		language: languages[0] ?? null,
		languages: joined(languages),
		dominantEmotion: byTime(utterances, 'emotion')[0] ?? null,
		dominantAccent: byTime(utterances, 'accent')[0] ?? null,
		maxDeepfakeScore: maxOf(utterances, 'deepfake_score'),
	};
}
