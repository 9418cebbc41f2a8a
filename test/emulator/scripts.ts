/**
 * What the emulator "hears" in a file: the script of a known sample call (matched by sha256), or a
 * plausible generated transcript for unknown audio, placed on the audio's sound where it can be seen.
 * Also the text work every model shares: PII/PHI spans, custom-term biasing, enrichment signals.
 * Deterministic: the same file gives the same answer (ids, scores and all) on every run.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { activeSegments, type AudioInfo, sha256 } from './audio';

export interface ScriptUtterance {
	speaker: number;
	role?: string;
	start_ms: number;
	duration_ms: number;
	text: string;
}

export interface CallScript {
	wav: string;
	mp3: string;
	sample_rate: number;
	channels: number;
	duration_ms: number;
	utterances: ScriptUtterance[];
}

export interface Transcript {
	/** 'call': a sample call's script; 'generated': made up for unknown audio; 'silence': nothing heard. */
	source: 'call' | 'generated' | 'silence';
	callId?: string;
	/** The seed of everything derived (ids, scores): the sha256 of the original audio. */
	seed: string;
	durationMs: number;
	utterances: ScriptUtterance[];
	/** Speakers whose voice is synthetic (deepfake). */
	syntheticSpeakers: number[];
}

export const FIXTURES_DIR = path.resolve(__dirname, '../fixtures');

/** Calls judged synthetic, and which of their speakers is the synthetic voice. */
const SYNTHETIC_SPEAKERS: Record<string, number[]> = { 'call-03-urgent-transfer': [2] };

let calls: Record<string, CallScript> | undefined;
let callByHash: Map<string, string> | undefined;

export function loadCalls(): Record<string, CallScript> {
	if (!calls) {
		calls = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'calls.json'), 'utf8')) as Record<string, CallScript>;
	}
	return calls;
}

/** sha256 of each sample file → call id. */
export function sampleHashes(): Map<string, string> {
	if (!callByHash) {
		callByHash = new Map();
		for (const [id, call] of Object.entries(loadCalls())) {
			for (const file of [call.wav, call.mp3]) {
				try {
					callByHash.set(sha256(readFileSync(path.join(FIXTURES_DIR, 'audio', file))), id);
				} catch {
					// a missing fixture only means that file is not recognized
				}
			}
		}
	}
	return callByHash;
}

/** A repeatable number in [0, 1) from any strings. */
export function hashUnit(...parts: Array<string | number>): number {
	const h = createHash('sha256').update(parts.join('|')).digest();
	return h.readUInt32BE(0) / 4294967296;
}

/** A repeatable RFC 4122 version-4-shaped UUID from any strings. */
export function hashUuid(...parts: Array<string | number>): string {
	const h = createHash('sha256').update(parts.join('|')).digest();
	h[6] = (h[6] & 0x0f) | 0x40;
	h[8] = (h[8] & 0x3f) | 0x80;
	const x = h.subarray(0, 16).toString('hex');
	return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

const GENERATED_LINES = [
	'Hello, thanks for calling, this is Alex. How can I help?',
	'Hi Alex, my name is Jordan Lee and I have a question about my account.',
	'Of course. Could you confirm your date of birth, please?',
	'Sure, it is June third, nineteen ninety.',
	'Thank you. And the account number?',
	'It is five five five one two three four.',
	'I see it here. What would you like to change today?',
	'I would like to update my mailing address and my phone number.',
	'No problem, I have updated both for you.',
	'Also, my doctor changed my asthma medication, does that affect my plan?',
	'It does not, your coverage stays the same.',
	'Great, that is all I needed. Thank you very much.',
];

/** Utterance slots for generated speech: on the file's sound when we can see it, else every ~5 s. */
function speechSlots(info: AudioInfo, durationMs: number): Array<[number, number]> {
	if (info.activity) {
		const slots: Array<[number, number]> = [];
		for (const [a, b0] of activeSegments(info.activity)) {
			const b = Math.min(b0, durationMs);
			if (b - a < 200) continue;
			const n = Math.max(1, Math.round((b - a) / 5000));
			const step = (b - a) / n;
			for (let i = 0; i < n; i++) slots.push([Math.round(a + i * step), Math.round(a + (i + 1) * step)]);
		}
		return slots;
	}
	if (durationMs < 250) return [];
	const n = Math.max(1, Math.round(durationMs / 5000));
	const step = durationMs / n;
	const pad = Math.min(300, step / 10);
	const slots: Array<[number, number]> = [];
	for (let i = 0; i < n; i++) slots.push([Math.round(i * step + pad), Math.round((i + 1) * step - pad)]);
	return slots;
}

/** The transcript the emulator answers with for a file. */
export function transcriptFor(info: AudioInfo): Transcript {
	// audio this emulator made (a redacted MP3): the source's transcript, muted where it was redacted
	if (info.tag) {
		const tag = info.tag;
		const call = tag.callId ? loadCalls()[tag.callId] : undefined;
		const base: Transcript = call
			? callTranscript(tag.callId as string, call, tag.sourceSha256)
			: generatedTranscript(info, tag.sourceSha256, tag.durationMs, true);
		return muteRanges(base, tag.mutedRanges);
	}
	const callId = sampleHashes().get(info.sha256);
	if (callId) return callTranscript(callId, loadCalls()[callId], info.sha256);
	return generatedTranscript(info, info.sha256, info.durationMs, false);
}

function callTranscript(callId: string, call: CallScript, seed: string): Transcript {
	return {
		source: 'call',
		callId,
		seed,
		durationMs: call.duration_ms,
		utterances: call.utterances.map((u) => ({ ...u })),
		syntheticSpeakers: SYNTHETIC_SPEAKERS[callId] ?? [],
	};
}

function generatedTranscript(info: AudioInfo, seed: string, durationMs: number, ignoreActivity: boolean): Transcript {
	const slots = speechSlots(ignoreActivity ? { ...info, activity: undefined } : info, durationMs);
	const offset = Math.floor(hashUnit(seed, 'lines') * GENERATED_LINES.length);
	const utterances = slots.map(([a, b], i) => ({
		speaker: (i % 2) + 1,
		start_ms: a,
		duration_ms: b - a,
		text: GENERATED_LINES[(offset + i) % GENERATED_LINES.length],
	}));
	return {
		source: utterances.length ? 'generated' : 'silence',
		seed,
		durationMs,
		utterances,
		syntheticSpeakers: [],
	};
}

/** Drop the words whose estimated time falls inside a muted range; drop utterances left empty. */
export function muteRanges(t: Transcript, ranges: Array<[number, number]>): Transcript {
	if (!ranges.length) return t;
	const utterances: ScriptUtterance[] = [];
	for (const u of t.utterances) {
		const words = [...u.text.matchAll(/\S+/g)];
		const kept = words.filter((w) => {
			const mid = u.start_ms + (u.duration_ms * ((w.index ?? 0) + w[0].length / 2)) / Math.max(1, u.text.length);
			return !ranges.some(([a, b]) => mid >= a && mid < b);
		});
		if (kept.length) utterances.push({ ...u, text: kept.map((w) => w[0]).join(' ') });
	}
	return { ...t, utterances };
}

// ---------------------------------------------------------------------------------------------
// PII / PHI

export interface PiiSpan {
	start: number;
	end: number;
	kind: 'pii' | 'phi';
	/** `<pii:CATEGORY>` category. */
	category: string;
	/** `[LABEL]` labels in bracket style, one per word group (e.g. FIRSTNAME, LASTNAME). */
	labels: string[];
}

const FIRST_NAMES = new Set(['Sarah', 'John', 'Maria', 'Mark', 'Priya', 'Robert', 'Alex', 'Jordan']);
const LAST_NAMES = new Set(['Smith', 'Garcia', 'Chen', 'Lee']);
const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const ORDINALS =
	'first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty[ -](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth|thirty[ -]first|\\d{1,2}(?:st|nd|rd|th)?';
const YEAR_WORD =
	'oh|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|one|two|three|four|five|six|seven|eight|nine';
const DATE_RE = new RegExp(
	`\\b(?:${MONTHS})\\s+(?:${ORDINALS})(?:,?\\s+(?:(?:nineteen|twenty|two thousand)(?:\\s+(?:${YEAR_WORD})){0,2}|\\d{4}))?\\b`,
	'gi',
);
const DIGIT_WORD = '(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)';
const NUMBER_RE = new RegExp(`\\b${DIGIT_WORD}(?:[\\s,-]+${DIGIT_WORD}){2,}\\b|\\b\\d(?:[\\d\\s-]{1,}\\d)\\b`, 'gi');
const PHI_TERMS = /\b(?:diabetes|asthma|hypertension|blood pressure|insulin|cancer|depression|arthritis)\b/gi;

/** PII and PHI spans in a text, in order, not overlapping. */
export function findPii(text: string): PiiSpan[] {
	const spans: PiiSpan[] = [];
	const add = (s: PiiSpan) => {
		if (!spans.some((o) => s.start < o.end && o.start < s.end)) spans.push(s);
	};
	for (const m of text.matchAll(DATE_RE)) {
		add({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, kind: 'pii', category: 'date', labels: ['DATE'] });
	}
	for (const m of text.matchAll(NUMBER_RE)) {
		const digits = m[0].replace(/\D/g, '');
		if (/\d/.test(m[0]) && digits.length < 3) continue;
		const at = m.index ?? 0;
		const before = text.slice(Math.max(0, at - 40), at).toLowerCase();
		if (/insurance|member|policy/.test(before)) {
			add({ start: at, end: at + m[0].length, kind: 'phi', category: 'health_plan_number', labels: ['HEALTH_PLAN_NUMBER'] });
		} else if (/card/.test(before)) {
			add({ start: at, end: at + m[0].length, kind: 'pii', category: 'credit_card', labels: ['CREDIT_CARD'] });
		} else if (/account/.test(before)) {
			add({ start: at, end: at + m[0].length, kind: 'pii', category: 'account_number', labels: ['ACCOUNT_NUMBER'] });
		} else if (/phone/.test(before)) {
			add({ start: at, end: at + m[0].length, kind: 'pii', category: 'phone_number', labels: ['PHONE_NUMBER'] });
		} else {
			add({ start: at, end: at + m[0].length, kind: 'pii', category: 'number', labels: ['NUMBER'] });
		}
	}
	for (const m of text.matchAll(/\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\b/g)) {
		// split capitalized runs into runs of known names
		let run: Array<{ word: string; start: number }> = [];
		const flush = () => {
			if (!run.length) return;
			const start = run[0].start;
			const last = run[run.length - 1];
			const labels =
				run.length === 1
					? [FIRST_NAMES.has(run[0].word) ? 'FIRSTNAME' : 'LASTNAME']
					: run.map((w, i) => (i === 0 ? 'FIRSTNAME' : i === run.length - 1 ? 'LASTNAME' : 'MIDDLENAME'));
			add({ start, end: last.start + last.word.length, kind: 'pii', category: 'name', labels });
			run = [];
		};
		for (const w of m[0].matchAll(/[A-Z][a-z]+/g)) {
			const word = w[0];
			if (FIRST_NAMES.has(word) || LAST_NAMES.has(word)) run.push({ word, start: (m.index ?? 0) + (w.index ?? 0) });
			else flush();
		}
		flush();
	}
	for (const m of text.matchAll(PHI_TERMS)) {
		add({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, kind: 'phi', category: 'condition', labels: ['MEDICAL_CONDITION'] });
	}
	return spans.sort((a, b) => a.start - b.start);
}

export type TagStyle = 'xml' | 'bracket';

/**
 * Rewrite a text with its PII/PHI spans tagged (`keepText`: `<pii:name>John</pii:name>`) or redacted
 * (`<pii:name></pii:name>`); bracket style writes `[FIRSTNAME] [LASTNAME]` in both cases.
 */
export function markPii(text: string, spans: PiiSpan[], style: TagStyle, keepText: boolean): string {
	let out = '';
	let at = 0;
	for (const s of spans) {
		out += text.slice(at, s.start);
		const inner = keepText ? text.slice(s.start, s.end) : '';
		if (style === 'bracket') out += s.labels.map((l) => `[${l}]`).join(' ');
		else if (s.kind === 'phi') out += `<phi>${inner}</phi>`;
		else out += `<pii:${s.category}>${inner}</pii:${s.category}>`;
		at = s.end;
	}
	return out + text.slice(at);
}

/** Time range of a character span inside an utterance, by its share of the text. */
export function spanTime(u: ScriptUtterance, s: { start: number; end: number }): [number, number] {
	const len = Math.max(1, u.text.length);
	return [
		Math.round(u.start_ms + (u.duration_ms * s.start) / len),
		Math.round(u.start_ms + (u.duration_ms * s.end) / len),
	];
}

/** Pad, clamp, sort and merge time ranges. */
export function padRanges(ranges: Array<[number, number]>, startPad: number, endPad: number, durationMs: number): Array<[number, number]> {
	const padded = ranges
		.map(([a, b]): [number, number] => [Math.max(0, a - startPad), Math.min(durationMs, b + endPad)])
		.sort((x, y) => x[0] - y[0]);
	const merged: Array<[number, number]> = [];
	for (const r of padded) {
		const prev = merged[merged.length - 1];
		if (prev && r[0] <= prev[1]) prev[1] = Math.max(prev[1], r[1]);
		else merged.push([r[0], r[1]]);
	}
	return merged;
}

// ---------------------------------------------------------------------------------------------
// Custom terms

export interface CustomTerm {
	term: string;
	definition?: string;
	pronunciations?: string[];
}

function escapeRe(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Bias a text toward custom terms, the way a biased recognizer would: wherever a term is heard
 * (case-insensitive, spaces optional: "AcmeBank" matches "Acme Bank"), write it as the term is spelled.
 */
export function applyCustomTerms(text: string, terms: CustomTerm[]): string {
	let out = text;
	for (const { term } of terms) {
		const letters = term.replace(/[\s-]+/g, '');
		if (!letters) continue;
		const pattern = [...letters].map(escapeRe).join('[\\s-]?');
		const re = new RegExp(`(?<![\\p{L}\\p{N}])${pattern}(?![\\p{L}\\p{N}])`, 'giu');
		out = out.replace(re, () => term);
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// Enrichment signals

export function emotionOf(text: string): string {
	if (/\b(urgent|no time|right now|immediately)\b/i.test(text)) return 'Stressed';
	if (/\b(charged twice|problem|wrong)\b/i.test(text)) return 'Frustrated';
	if (/\bsorry\b/i.test(text)) return 'Concerned';
	if (/\b(great|thanks)\b/i.test(text)) return 'Happy';
	if (/\b(security|verify)\b/i.test(text)) return 'Confident';
	if (/\bhow can i help\b/i.test(text)) return 'Calm';
	return 'Neutral';
}

const ACCENTS = ['American', 'British', 'Australian', 'Irish', 'Southern', 'Scottish'];

export function accentOf(seed: string, speaker: number): string {
	return ACCENTS[Math.floor(hashUnit(seed, 'accent', speaker) * ACCENTS.length)];
}

/** Deepfake score of one utterance: high for a synthetic speaker, low otherwise. */
export function deepfakeScoreOf(t: Transcript, index: number, speaker: number): number {
	const r = hashUnit(t.seed, 'deepfake', index);
	const v = t.syntheticSpeakers.includes(speaker) ? 0.88 + r * 0.11 : 0.01 + r * 0.1;
	return Math.round(v * 10000) / 10000;
}

/** Primary subtag of a language hint, lower-cased ("en-US" → "en"). */
export function primaryLanguage(hint: string | null | undefined): string {
	return hint ? hint.split(/[-_]/)[0].toLowerCase() : 'en';
}
