/**
 * Transcripts as people and upload nodes want them: plain text, speaker-labelled lines, or SRT/WebVTT
 * subtitles timed from each utterance's `start_ms` and `duration_ms`. Every operation that returns
 * utterances (batch, streaming, Analyze Call) formats them here, so all of them agree.
 */
import type { IDataObject } from 'n8n-workflow';

export type TranscriptFormat = 'text' | 'speakerText' | 'srt' | 'vtt';

/** The parts of an utterance a transcript needs; a real server may omit any of them. */
export interface TimedUtterance {
	text: string;
	startMs: number;
	durationMs: number;
	speaker?: number;
}

function numberOr(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Utterances from an answer's `utterances` list; entries without text are left out, order is by start. */
export function utterancesFrom(list: unknown): TimedUtterance[] {
	if (!Array.isArray(list)) return [];
	return list
		.filter((entry): entry is IDataObject => typeof entry === 'object' && entry !== null && typeof (entry as IDataObject).text === 'string')
		.map((entry) => ({
			text: String(entry.text).trim(),
			startMs: Math.max(0, numberOr(entry.start_ms, 0)),
			durationMs: Math.max(0, numberOr(entry.duration_ms, 0)),
			speaker: typeof entry.speaker === 'number' ? entry.speaker : undefined,
		}))
		.filter((utterance) => utterance.text.length > 0)
		.sort((a, b) => a.startMs - b.startMs);
}

export function speakerLabel(speaker: number | undefined): string {
	return speaker === undefined ? 'Speaker' : `Speaker ${speaker}`;
}

function timestamp(ms: number, separator: ',' | '.'): string {
	const total = Math.max(0, Math.round(ms));
	const pad = (value: number, width = 2) => String(value).padStart(width, '0');
	const hours = Math.floor(total / 3_600_000);
	const minutes = Math.floor((total % 3_600_000) / 60_000);
	const seconds = Math.floor((total % 60_000) / 1000);
	return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}${separator}${pad(total % 1000, 3)}`;
}

/** A cue shows at least this long, so a zero-duration utterance is still readable. */
const MIN_CUE_MS = 500;

function cues(utterances: TimedUtterance[], separator: ',' | '.'): string[] {
	return utterances.map((utterance) => {
		const end = utterance.startMs + Math.max(utterance.durationMs, MIN_CUE_MS);
		const who = utterance.speaker === undefined ? '' : `${speakerLabel(utterance.speaker)}: `;
		return `${timestamp(utterance.startMs, separator)} --> ${timestamp(end, separator)}\n${who}${utterance.text}`;
	});
}

/**
 * The transcript in the chosen format. `fallbackText` is used for plain text when there are no utterances
 * (the fast models answer with `text` only); subtitle formats then hold a single cue over `durationMs`.
 */
export function formatTranscript(
	format: TranscriptFormat,
	utterances: TimedUtterance[],
	fallbackText = '',
	durationMs = 0,
): string {
	const timed = utterances.length || !fallbackText.trim()
		? utterances
		: [{ text: fallbackText.trim(), startMs: 0, durationMs }];
	switch (format) {
		case 'text':
			return utterances.length ? utterances.map((u) => u.text).join(' ') : fallbackText.trim();
		case 'speakerText':
			return timed.map((u) => `${speakerLabel(u.speaker)}: ${u.text}`).join('\n');
		case 'srt':
			return cues(timed, ',').map((cue, index) => `${index + 1}\n${cue}\n`).join('\n');
		case 'vtt':
			return `WEBVTT\n\n${cues(timed, '.').map((cue) => `${cue}\n`).join('\n')}`;
	}
}

/** File name extension and MIME type of a subtitle format, for writing it as a binary. */
export const SUBTITLE_FILES: Record<'srt' | 'vtt', { extension: string; mimeType: string }> = {
	srt: { extension: 'srt', mimeType: 'application/x-subrip' },
	vtt: { extension: 'vtt', mimeType: 'text/vtt' },
};
