/**
 * Voice Analysis: Detect Emotion and Detect Accent (a whole-file label and a window list), Detect Music
 * and Detect AI Music (a verdict, shares and a frame or window list). Detect Language answers four flat
 * fields and needs no simplified form.
 */
import type { IDataObject } from 'n8n-workflow';
import { byTime, joined, numberOrNull, objects, stringOrNull } from './values';

/** Emotion or accent: the file's label, the window labels by time, and how often the label changed. */
export function labelSimplifier(label: 'emotion' | 'accent'): (json: IDataObject) => IDataObject {
	const title = label === 'emotion' ? 'Emotion' : 'Accent';
	return (json) => {
		const windows = objects(json.time_series).sort((a, b) => Number(a.start_ms ?? 0) - Number(b.start_ms ?? 0));
		let changes = 0;
		windows.forEach((window, index) => {
			if (index > 0 && window[label] !== windows[index - 1][label]) changes++;
		});
		return {
			[label]: stringOrNull(json[label]),
			[`window${title}s`]: joined(byTime(windows, label)),
			windowCount: windows.length,
			[`${label}Changes`]: changes,
		};
	};
}

export function simplifyMusic(json: IDataObject): IDataObject {
	const summary = json.summary && typeof json.summary === 'object' ? (json.summary as IDataObject) : {};
	return {
		primaryLabel: stringOrNull(json.primary_label),
		hasMusic: summary.hasMusic === true,
		musicSeconds: numberOrNull(summary.musicSeconds),
		speechSeconds: numberOrNull(summary.speechSeconds),
		musicPercent: numberOrNull(json.music_pct),
		speechPercent: numberOrNull(json.speech_pct),
		durationSeconds: numberOrNull(json.duration_s),
		fileName: stringOrNull(json.filename),
	};
}

export function simplifyAiMusic(json: IDataObject): IDataObject {
	const verdict = stringOrNull(json.primary_verdict);
	return {
		primaryVerdict: verdict,
		isAiMusic: verdict !== null && verdict.startsWith('ai-'),
		vocalAiPercentage: numberOrNull(json.vocal_ai_percentage),
		vocalAiConfidence: numberOrNull(json.vocal_ai_confidence),
		instrumentalAiPercentage: numberOrNull(json.instrumental_ai_percentage),
		instrumentalAiConfidence: numberOrNull(json.instrumental_ai_confidence),
		vocalPercentage: numberOrNull(json.vocal_percentage),
		instrumentalPercentage: numberOrNull(json.instrumental_percentage),
		durationSeconds: numberOrNull(json.duration_s),
		fileName: stringOrNull(json.filename),
	};
}
