/**
 * What each streaming model answers, in proportion to the audio received: STT utterances (and partials),
 * English-v2 partials and the final transcript, synthetic-voice frames, PII utterances each followed by
 * its redacted MP3 clip.
 */
import { createHash } from 'node:crypto';
import { silentMp3Clip } from '../audio';
import type { EmulatorState } from '../state';
import type { StreamingOptions } from './options';
import type { CustomTerm, SttSettings } from './query';
import type { Activity } from './received';

/** Deterministic sentences; `{name:…}` marks PII, `{phi:…}` PHI. */
const SENTENCES = [
	'Thanks for calling velma support, how can I help you today?',
	'Hi, my name is {name:John Smith} and I am calling about my bill.',
	'Sure, can you confirm your date of birth for me?',
	'It is {dob:March third nineteen eighty}, and my number is {phone:555 0143}.',
	'Thank you, I see a charge from last week on the account.',
	'I was treated for {phi:asthma} and the clinic billed me twice.',
	'I will refund the second charge right away.',
	'Great, that is all I needed, thanks a lot.',
];
const EMOTIONS = ['Neutral', 'Calm', 'Interested', 'Frustrated', 'Relieved'];
const ACCENTS = ['American', 'British', 'Indian', 'Irish'];

type TextMode = 'plain' | 'tagged' | 'redacted';

function render(sentence: string, mode: TextMode, style: 'xml' | 'bracket'): string {
	return sentence.replace(/\{(\w+):([^}]*)\}/g, (_m, cat: string, value: string) => {
		if (mode === 'plain') return value;
		const tag = cat === 'phi' ? 'phi' : `pii:${cat}`;
		if (style === 'bracket') return `[${cat.toUpperCase()}]`;
		return mode === 'tagged' ? `<${tag}>${value}</${tag}>` : `<${tag}></${tag}>`;
	});
}

function uuidFor(...parts: Array<string | number>): string {
	const h = createHash('sha256').update(parts.join('|')).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function applyTerms(text: string, terms: CustomTerm[]): string {
	let out = text;
	for (const { term } of terms) {
		const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		out = out.replace(new RegExp(`\\b${escaped}\\b`, 'gi'), term);
	}
	return out;
}

export type Send = (data: string | Buffer) => void;

/** One connection's model: turns audio milliseconds into result messages. */
export interface ModelLogic {
	/** Called whenever more audio arrived; `ms` is the total received so far. */
	progress(ms: number, send: Send): void;
	/** After the empty text frame. */
	finish(ms: number, send: Send): void;
}

export function makeStt(state: EmulatorState, opts: StreamingOptions, settings: SttSettings, activity?: Activity): ModelLogic {
	let next = 0;
	let partialSent = -1;
	const style = state.config.piiTagStyle ?? 'xml';
	const omit = state.config.disabledFieldStyle === 'omit';
	const utterance = (i: number, start: number, end: number) => {
		const text = applyTerms(render(SENTENCES[i % SENTENCES.length], settings.pii_phi_tagging ? 'tagged' : 'plain', style), settings.custom_terms);
		const duration = end - start;
		const u: Record<string, unknown> = {
			utterance_uuid: uuidFor('stt', i, start),
			text,
			start_ms: start,
			duration_ms: duration,
			speaker: settings.speaker_diarization ? (i % 2) + 1 : 1,
			language: (settings.language ?? 'en').split(/[-_]/)[0].toLowerCase(),
			emotion: settings.emotion_signal ? EMOTIONS[i % EMOTIONS.length] : null,
			accent: settings.accent_signal ? ACCENTS[(i % 2) % ACCENTS.length] : null,
			deepfake_score: settings.deepfake_signal && duration >= 500 ? Math.round(((i * 37) % 10) / 100 * 1000) / 1000 + 0.01 : null,
		};
		if (omit) for (const k of ['emotion', 'accent', 'deepfake_score']) if (u[k] === null) delete u[k];
		return u;
	};
	const emitUpTo = (ms: number, send: Send, final: boolean) => {
		const U = opts.utteranceMs;
		while ((next + 1) * U <= ms || (final && next * U + 300 <= ms)) {
			const start = next * U;
			const end = Math.min(ms, start + U - 400 > start ? start + U - 400 : start + U);
			if (!activity || activity.soundIn(start, end)) send(JSON.stringify({ type: 'utterance', utterance: utterance(next, start, end) }));
			next++;
		}
		if (settings.partial_results && !final) {
			const start = next * opts.utteranceMs;
			if (ms - start >= opts.utteranceMs / 2 && partialSent < next && (!activity || activity.soundIn(start, ms))) {
				partialSent = next;
				const words = render(SENTENCES[next % SENTENCES.length], 'plain', style).split(' ');
				send(
					JSON.stringify({
						type: 'partial_utterance',
						partial_utterance: {
							text: words.slice(0, Math.ceil(words.length / 2)).join(' '),
							start_ms: start,
							speaker: settings.speaker_diarization ? (next % 2) + 1 : 1,
							emotion: null,
							accent: null,
							deepfake_score: null,
						},
					}),
				);
			}
		}
	};
	return {
		progress: (ms, send) => emitUpTo(ms, send, false),
		finish: (ms, send) => {
			emitUpTo(ms, send, true);
			send(JSON.stringify({ type: 'done', duration_ms: Math.round(ms) }));
		},
	};
}

export function makeEnglishV2(opts: StreamingOptions, activity?: Activity): ModelLogic {
	let nextPartial = 1;
	const transcript = (ms: number) => {
		const parts: string[] = [];
		for (let i = 0; i * opts.utteranceMs + 300 <= ms; i++) {
			const start = i * opts.utteranceMs;
			if (activity && !activity.soundIn(start, Math.min(ms, start + opts.utteranceMs))) continue;
			const words = render(SENTENCES[i % SENTENCES.length], 'plain', 'xml').split(' ');
			const share = Math.min(1, (ms - start) / opts.utteranceMs);
			parts.push(words.slice(0, Math.max(1, Math.round(words.length * share))).join(' '));
		}
		return parts.join(' ');
	};
	return {
		progress: (ms, send) => {
			while (nextPartial * opts.partialMs <= ms) {
				send(JSON.stringify({ type: 'partial_utterance', partial_utterance: { text: transcript(nextPartial * opts.partialMs), is_final: false } }));
				nextPartial++;
			}
		},
		finish: (ms, send) => {
			send(JSON.stringify({ type: 'utterance', utterance: { text: transcript(ms), is_final: true } }));
			send(JSON.stringify({ type: 'done', duration_ms: Math.round(ms) }));
		},
	};
}

export function makeSvd(opts: StreamingOptions, activity?: Activity): ModelLogic {
	let next = 0;
	const frame = (i: number, start: number, end: number) => {
		const sound = activity ? activity.soundIn(start, end) : true;
		const synthetic = sound && opts.syntheticEvery > 0 && i % opts.syntheticEvery === opts.syntheticEvery - 1;
		return {
			start_time_ms: start,
			end_time_ms: end,
			verdict: !sound ? 'no-content' : synthetic ? 'synthetic' : 'non-synthetic',
			confidence: Math.round((0.8 + ((i * 7) % 19) / 100) * 10000) / 10000,
		};
	};
	const emit = (ms: number, send: Send, final: boolean) => {
		const F = opts.frameMs;
		while ((next + 1) * F <= ms || (final && next * F + 500 <= ms)) {
			const start = next * F;
			send(JSON.stringify({ type: 'frame', frame: frame(next, start, Math.min(ms, start + F)) }));
			next++;
		}
	};
	return {
		progress: (ms, send) => emit(ms, send, false),
		finish: (ms, send) => {
			emit(ms, send, true);
			send(JSON.stringify({ type: 'done', duration_ms: Math.round(ms), frame_count: next }));
		},
	};
}

export function makePii(state: EmulatorState, opts: StreamingOptions, settings: SttSettings, activity?: Activity): ModelLogic {
	let next = 0;
	let emittedTo = 0;
	let clip = 0;
	const style = state.config.piiTagStyle ?? 'xml';
	const sendClip = (send: Send, start: number, end: number) => send(silentMp3Clip(end - start, `clip${clip++}@${start}-${end}`));
	const emit = (ms: number, send: Send, final: boolean) => {
		const U = opts.utteranceMs;
		while ((next + 1) * U <= ms || (final && next * U + 300 <= ms)) {
			const start = next * U;
			const end = Math.min(ms, start + U - 400);
			const i = next++;
			if (activity && !activity.soundIn(start, end)) continue;
			const utterance = {
				utterance_uuid: uuidFor('pii', i, start),
				text: render(SENTENCES[i % SENTENCES.length], 'redacted', style),
				start_ms: start,
				duration_ms: end - start,
				speaker: settings.speaker_diarization ? (i % 2) + 1 : 1,
				language: (settings.language ?? 'en').split(/[-_]/)[0].toLowerCase(),
			};
			const audio = { start_ms: emittedTo, duration_ms: end - emittedTo };
			send(JSON.stringify({ type: 'utterance', utterance, redacted_audio: audio }));
			sendClip(send, emittedTo, end);
			emittedTo = end;
			if (i % 4 === 3) {
				// An out-of-order backchannel whose audio was already emitted: no binary frame follows.
				const late = { ...utterance, utterance_uuid: uuidFor('pii-late', i), text: 'Yes.', start_ms: start + 500, duration_ms: 400, speaker: 2 };
				send(JSON.stringify({ type: 'utterance', utterance: late, redacted_audio: null }));
			}
		}
	};
	return {
		progress: (ms, send) => emit(ms, send, false),
		finish: (ms, send) => {
			emit(ms, send, true);
			const total = Math.round(ms);
			const trailing = total - emittedTo >= 24 ? { start_ms: emittedTo, duration_ms: total - emittedTo } : null;
			send(JSON.stringify({ type: 'done', duration_ms: total, trailing_redacted_audio: trailing }));
			if (trailing) sendClip(send, emittedTo, total);
		},
	};
}
