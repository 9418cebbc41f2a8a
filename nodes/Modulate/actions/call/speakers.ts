/**
 * Who spoke how much: per-speaker talk time, share and dominant emotion/accent, and the silence between
 * utterances, from any answer's timed utterances. Only times and labels are read, never the words, so
 * these figures carry nothing personal.
 */
import type { IDataObject } from 'n8n-workflow';

export interface SpeakerTurn {
	speaker: number;
	startMs: number;
	durationMs: number;
	emotion?: string;
	accent?: string;
	language?: string;
}

export interface SpeakerStats extends IDataObject {
	speaker: number;
	label: string;
	role: string | null;
	talkSeconds: number;
	talkShare: number;
	utterances: number;
	dominantEmotion: string | null;
	accent: string | null;
}

const label = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** "Speaker 2" → 2; a number stays; anything else is speaker 1 (no diarization). */
export function speakerNumber(value: unknown): number {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	const match = /(\d+)/.exec(String(value ?? ''));
	return match ? Number(match[1]) : 1;
}

/** Turns from an STT or redaction answer's `utterances`, or a conversation answer's `clips`. */
export function turnsFrom(list: unknown): SpeakerTurn[] {
	if (!Array.isArray(list)) return [];
	return list
		.filter((entry): entry is IDataObject => typeof entry === 'object' && entry !== null)
		.map((entry) => ({
			speaker: speakerNumber(entry.speaker ?? entry.speaker_label),
			startMs: Math.max(0, Number(entry.start_ms) || 0),
			durationMs: Math.max(0, Number(entry.duration_ms) || 0),
			emotion: label(entry.emotion),
			accent: label(entry.accent),
			language: label(entry.language),
		}));
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The label with the most time among `turns`; null when none has one. */
export function dominant(turns: SpeakerTurn[], pick: (turn: SpeakerTurn) => string | undefined): string | null {
	const time = new Map<string, number>();
	for (const turn of turns) {
		const value = pick(turn);
		if (value) time.set(value, (time.get(value) ?? 0) + Math.max(turn.durationMs, 1));
	}
	let best: string | null = null;
	let bestMs = -1;
	for (const [value, ms] of time) if (ms > bestMs) [best, bestMs] = [value, ms];
	return best;
}

/** One entry per speaker, in speaker order; `roles` maps a speaker number to its role when known. */
export function speakerStats(turns: SpeakerTurn[], roles: Map<number, string>): SpeakerStats[] {
	const bySpeaker = new Map<number, SpeakerTurn[]>();
	for (const turn of turns) bySpeaker.set(turn.speaker, [...(bySpeaker.get(turn.speaker) ?? []), turn]);
	const totalMs = turns.reduce((sum, turn) => sum + turn.durationMs, 0);
	return [...bySpeaker.keys()]
		.sort((a, b) => a - b)
		.map((speaker) => {
			const own = bySpeaker.get(speaker) ?? [];
			const ms = own.reduce((sum, turn) => sum + turn.durationMs, 0);
			return {
				speaker,
				label: `Speaker ${speaker}`,
				role: roles.get(speaker) ?? null,
				talkSeconds: round(ms / 1000, 3),
				talkShare: totalMs ? round(ms / totalMs, 3) : 0,
				utterances: own.length,
				dominantEmotion: dominant(own, (turn) => turn.emotion),
				accent: dominant(own, (turn) => turn.accent),
			};
		});
}

/** The call's time with nobody speaking: its duration minus the union of the utterances. */
export function silenceSeconds(turns: SpeakerTurn[], durationMs: number): number {
	const spans = turns.map((t) => [t.startMs, Math.min(durationMs, t.startMs + t.durationMs)]).sort((a, b) => a[0] - b[0]);
	let spoken = 0;
	let end = 0;
	for (const [start, stop] of spans) {
		if (stop <= end) continue;
		spoken += stop - Math.max(start, end);
		end = stop;
	}
	return round(Math.max(0, durationMs - spoken) / 1000, 3);
}
