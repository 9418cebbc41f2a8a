/**
 * 200 answers of the Models API batch endpoints, field by field from the OpenAPI specs in
 * shared/reference/modulate/openapi/. Pure functions of the transcript, the audio and the request's
 * options; the HTTP pipeline (faults, auth, limits, validation) is in models.ts.
 */
import { type AudioInfo, type EmulatorAudioTag, silentMp3 } from './audio';
import { buildMultipart } from './multipart';
import {
	accentOf,
	applyCustomTerms,
	type CustomTerm,
	deepfakeScoreOf,
	emotionOf,
	findPii,
	hashUnit,
	hashUuid,
	markPii,
	padRanges,
	primaryLanguage,
	type ScriptUtterance,
	spanTime,
	type TagStyle,
	type Transcript,
} from './scripts';

export type FieldStyle = 'null' | 'omit';

const round4 = (v: number) => Math.round(v * 10000) / 10000;

/** Set a field, or leave it out when it is null and the style says 'omit'. */
function put(o: Record<string, unknown>, key: string, value: unknown, style: FieldStyle): void {
	if (value === null && style === 'omit') return;
	o[key] = value;
}

function overlap(a0: number, a1: number, b0: number, b1: number): number {
	return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

/** Speech ms per speaker inside [start, end). */
function speechIn(t: Transcript, start: number, end: number): Map<number, number> {
	const by = new Map<number, number>();
	for (const u of t.utterances) {
		const ms = overlap(start, end, u.start_ms, u.start_ms + u.duration_ms);
		if (ms > 0) by.set(u.speaker, (by.get(u.speaker) ?? 0) + ms);
	}
	return by;
}

function sum(m: Map<number, number>): number {
	let s = 0;
	for (const v of m.values()) s += v;
	return s;
}

// ---------------------------------------------------------------------------------------------
// STT batch (velma-2-stt-batch)

export interface SttOptions {
	speaker_diarization: boolean;
	emotion_signal: boolean;
	accent_signal: boolean;
	deepfake_signal: boolean;
	pii_phi_tagging: boolean;
	language: string | null;
	custom_terms: CustomTerm[];
}

export interface TextStyles {
	fieldStyle: FieldStyle;
	tagStyle: TagStyle;
}

/** Text of an utterance as the recognizer writes it: custom terms applied, PII tagged if asked. */
function recognizedText(u: ScriptUtterance, terms: CustomTerm[], tag: boolean, tagStyle: TagStyle): string {
	const text = applyCustomTerms(u.text, terms);
	return tag ? markPii(text, findPii(text), tagStyle, true) : text;
}

export function sttBatch(t: Transcript, o: SttOptions, s: TextStyles) {
	const utterances = t.utterances.map((u, i) => {
		const out: Record<string, unknown> = {
			utterance_uuid: hashUuid(t.seed, 'utterance', i),
			text: recognizedText(u, o.custom_terms, o.pii_phi_tagging, s.tagStyle),
			start_ms: u.start_ms,
			duration_ms: u.duration_ms,
		};
		put(out, 'speaker', o.speaker_diarization ? u.speaker : null, s.fieldStyle);
		out.language = primaryLanguage(o.language);
		put(out, 'emotion', o.emotion_signal ? emotionOf(u.text) : null, s.fieldStyle);
		put(out, 'accent', o.accent_signal ? accentOf(t.seed, u.speaker) : null, s.fieldStyle);
		put(out, 'deepfake_score', o.deepfake_signal ? deepfakeScoreOf(t, i, u.speaker) : null, s.fieldStyle);
		return out;
	});
	return { text: utterances.map((u) => u.text).join(' '), duration_ms: t.durationMs, utterances };
}

/** English-vfast and multilingual-vfast: `{text, duration_ms}`. */
export function sttFast(t: Transcript) {
	return { text: t.utterances.map((u) => u.text).join(' '), duration_ms: t.durationMs };
}

// ---------------------------------------------------------------------------------------------
// Synthetic voice detection

/** The spec's analysis window: "a single 4-second analysis window". */
export const SYNTHETIC_WINDOW_MS = 4000;

export function syntheticVoice(t: Transcript, fileName: string | null) {
	const frames: Array<{ start_time_ms: number; end_time_ms: number; verdict: string; confidence: number }> = [];
	for (let start = 0, i = 0; start < t.durationMs; start += SYNTHETIC_WINDOW_MS, i++) {
		const end = Math.min(t.durationMs, start + SYNTHETIC_WINDOW_MS);
		const by = speechIn(t, start, end);
		const speech = sum(by);
		if (speech < 0.1 * (end - start)) {
			frames.push({ start_time_ms: start, end_time_ms: end, verdict: 'no-content', confidence: 1.0 });
			continue;
		}
		let synthetic = 0;
		for (const [speaker, ms] of by) if (t.syntheticSpeakers.includes(speaker)) synthetic += ms;
		const r = hashUnit(t.seed, 'frame', i);
		frames.push({
			start_time_ms: start,
			end_time_ms: end,
			verdict: synthetic / speech >= 0.5 ? 'synthetic' : 'non-synthetic',
			confidence: round4(0.78 + r * 0.21),
		});
	}
	return { filename: fileName, duration_ms: t.durationMs, frames };
}

// ---------------------------------------------------------------------------------------------
// PII/PHI redaction (multipart answer)

export interface RedactionOptions {
	speaker_diarization: boolean;
	start_redaction_padding_ms: number;
	end_redaction_padding_ms: number;
	language: string | null;
}

export function redactionMetadata(t: Transcript, o: RedactionOptions, s: TextStyles) {
	const raw: Array<[number, number]> = [];
	const utterances = t.utterances.map((u, i) => {
		const spans = findPii(u.text);
		for (const sp of spans) raw.push(spanTime(u, sp));
		const out: Record<string, unknown> = {
			utterance_uuid: hashUuid(t.seed, 'utterance', i),
			text: markPii(u.text, spans, s.tagStyle, false),
			start_ms: u.start_ms,
			duration_ms: u.duration_ms,
		};
		put(out, 'speaker', o.speaker_diarization ? u.speaker : null, s.fieldStyle);
		out.language = primaryLanguage(o.language);
		return out;
	});
	return {
		text: utterances.map((u) => u.text).join(' '),
		duration_ms: t.durationMs,
		utterances,
		redaction_ranges: padRanges(raw, o.start_redaction_padding_ms, o.end_redaction_padding_ms, t.durationMs),
	};
}

/** The multipart answer: part `metadata` (JSON) and part `audio` (the redacted MP3, tagged). */
export function redactionAnswer(t: Transcript, info: AudioInfo, o: RedactionOptions, s: TextStyles) {
	const metadata = redactionMetadata(t, o, s);
	const tag: EmulatorAudioTag = {
		v: 1,
		sourceSha256: t.seed,
		callId: t.callId,
		durationMs: t.durationMs,
		mutedRanges: padRanges([...(info.tag?.mutedRanges ?? []), ...metadata.redaction_ranges], 0, 0, t.durationMs),
	};
	const audio = silentMp3(t.durationMs, tag);
	return {
		metadata,
		audio,
		...buildMultipart([
			{ name: 'metadata', contentType: 'application/json', data: JSON.stringify(metadata) },
			{ name: 'audio', fileName: 'redacted.mp3', contentType: 'audio/mpeg', data: audio },
		]),
	};
}

// ---------------------------------------------------------------------------------------------
// Emotion, accent, language, music, AI music

/** Emotion / accent window length (the spec's example uses 15 s windows). */
export const LABEL_WINDOW_MS = 15000;

function dominantUtterance(t: Transcript, start: number, end: number): ScriptUtterance | undefined {
	let best: ScriptUtterance | undefined;
	let bestMs = 0;
	for (const u of t.utterances) {
		const ms = overlap(start, end, u.start_ms, u.start_ms + u.duration_ms);
		if (ms > bestMs) {
			best = u;
			bestMs = ms;
		}
	}
	return best;
}

function mostCommon(values: string[], fallback: string): string {
	const counts = new Map<string, number>();
	for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
	let best = fallback;
	let n = 0;
	for (const [v, c] of counts) {
		if (c > n) {
			best = v;
			n = c;
		}
	}
	return best;
}

export function labelBatch(t: Transcript, kind: 'emotion' | 'accent') {
	const label = (u: ScriptUtterance | undefined) =>
		!u ? (kind === 'emotion' ? 'Neutral' : 'Unknown') : kind === 'emotion' ? emotionOf(u.text) : accentOf(t.seed, u.speaker);
	const time_series: Array<Record<string, unknown>> = [];
	// consecutive full windows; a trailing remainder shorter than one window is omitted
	for (let start = 0; start + LABEL_WINDOW_MS <= t.durationMs; start += LABEL_WINDOW_MS) {
		time_series.push({ start_ms: start, duration_ms: LABEL_WINDOW_MS, [kind]: label(dominantUtterance(t, start, start + LABEL_WINDOW_MS)) });
	}
	const whole =
		kind === 'emotion'
			? mostCommon(t.utterances.map((u) => emotionOf(u.text)), 'Neutral')
			: label(dominantUtterance(t, 0, t.durationMs));
	return { [kind]: whole, time_series };
}

const LANGUAGE_NAMES: Record<string, string> = {
	en: 'English',
	fr: 'French',
	es: 'Spanish',
	de: 'German',
	it: 'Italian',
	pt: 'Portuguese',
	ja: 'Japanese',
	zh: 'Mandarin',
};

export function languageDetection(t: Transcript) {
	const heard = t.utterances.length > 0;
	return {
		predicted_language: LANGUAGE_NAMES.en,
		predicted_language_code: 'en',
		confidence: round4(heard ? 0.95 + hashUnit(t.seed, 'lang') * 0.045 : 0.2 + hashUnit(t.seed, 'lang') * 0.2),
		duration_ms: t.durationMs,
	};
}

export const MUSIC_FRAME_MS = 192;

export function musicDetection(t: Transcript, fileName: string, latencyMs: number) {
	const frames: Array<Record<string, number>> = [];
	let speechFrames = 0;
	for (let start = 0, i = 0; start < t.durationMs; start += MUSIC_FRAME_MS, i++) {
		const end = Math.min(t.durationMs, start + MUSIC_FRAME_MS);
		const share = sum(speechIn(t, start, end)) / Math.max(1, end - start);
		const r = hashUnit(t.seed, 'music', i);
		const speech = share >= 0.5;
		if (speech) speechFrames++;
		frames.push({
			start_time_ms: start,
			end_time_ms: end,
			music_prob: round4(0.01 + r * 0.04),
			speech_prob: round4(speech ? 0.9 + r * 0.099 : 0.01 + r * 0.05),
		});
	}
	const speech_pct = frames.length ? Math.round((speechFrames / frames.length) * 1000) / 10 : 0;
	return {
		filename: fileName,
		duration_s: Math.round(t.durationMs / 10) / 100,
		primary_label: frames.length === 0 ? 'unknown' : speech_pct > 0 ? 'speech' : 'neither',
		music_pct: 0,
		speech_pct,
		latency_ms: latencyMs,
		frames,
	};
}

export const AI_MUSIC_WINDOW_MS = 4000;

export function aiMusicDetection(t: Transcript, fileName: string, latencyMs: number) {
	const windows: Array<Record<string, number>> = [];
	for (let start = 0, i = 0; start < t.durationMs; start += AI_MUSIC_WINDOW_MS, i++) {
		const end = Math.min(t.durationMs, start + AI_MUSIC_WINDOW_MS);
		const vocal = Math.round((sum(speechIn(t, start, end)) / Math.max(1, end - start)) * 100);
		const r = hashUnit(t.seed, 'aimusic', i);
		const isVocal = vocal >= 30;
		const instrumental = Math.round(r * 4);
		windows.push({
			start_time_ms: start,
			end_time_ms: end,
			vocal_percentage: vocal,
			vocal_ai_percentage: 0,
			vocal_ai_confidence: isVocal ? round4(0.02 + r * 0.08) : 0,
			instrumental_percentage: instrumental,
			instrumental_ai_percentage: 0,
			instrumental_ai_confidence: isVocal ? 0 : round4(r * 0.05),
			silence_percentage: Math.max(0, 100 - vocal - instrumental),
		});
	}
	const avg = (k: string) => (windows.length ? Math.round((windows.reduce((a, w) => a + w[k], 0) / windows.length) * 100) / 100 : 0);
	const vocalWindows = windows.filter((w) => w.vocal_percentage >= 30);
	return {
		filename: fileName,
		duration_s: Math.round(t.durationMs / 10) / 100,
		primary_verdict: 'not-ai-music',
		vocal_percentage: avg('vocal_percentage'),
		vocal_ai_percentage: 0,
		vocal_ai_confidence: vocalWindows.length
			? round4(vocalWindows.reduce((a, w) => a + w.vocal_ai_confidence, 0) / vocalWindows.length)
			: 0,
		instrumental_percentage: avg('instrumental_percentage'),
		instrumental_ai_percentage: 0,
		instrumental_ai_confidence: windows.reduce((a, w) => Math.max(a, w.instrumental_ai_confidence), 0),
		silence_percentage: avg('silence_percentage'),
		windows,
		latency_ms: latencyMs,
	};
}

// ---------------------------------------------------------------------------------------------
// velma-2-batch: presets and conversation analysis

export interface BehaviorPreset {
	identifier: string;
	name: string;
	short_description: string;
	detailed_description: string;
	/** Emulator only: what in the text makes it detected. */
	pattern: RegExp;
}

export const PRESETS: BehaviorPreset[] = [
	{
		identifier: 'complaints',
		name: 'Complaint',
		short_description: 'The speaker complains about a product, service or charge.',
		detailed_description:
			'Detected when a participant expresses dissatisfaction with a product, a service, a charge or how they were treated, whether or not they ask for a remedy.',
		pattern: /\b(charged twice|problem|wrong|not happy|complain\w*)\b/i,
	},
	{
		identifier: 'escalation_request',
		name: 'Escalation request',
		short_description: 'The speaker asks for a supervisor or manager.',
		detailed_description: 'Detected when a participant asks to speak to a supervisor, a manager or someone more senior, or to escalate the case.',
		pattern: /\b(manager|supervisor|escalat\w*)\b/i,
	},
	{
		identifier: 'cancellation_intent',
		name: 'Cancellation intent',
		short_description: 'The speaker wants to cancel a service or account.',
		detailed_description: 'Detected when a participant states or implies that they intend to cancel, close or not renew a service, subscription or account.',
		pattern: /\b(cancel\w*|close my account)\b/i,
	},
	{
		identifier: 'payment_dispute',
		name: 'Payment dispute',
		short_description: 'A charge or payment is disputed.',
		detailed_description: 'Detected when a participant disputes a charge, reports a duplicate or unknown payment, or asks for a refund or chargeback.',
		pattern: /\b(charged twice|duplicate charge|refund\w*|chargeback|dispute)\b/i,
	},
	{
		identifier: 'urgency_pressure',
		name: 'Urgency pressure',
		short_description: 'The speaker pushes for immediate action.',
		detailed_description:
			'Detected when a participant pressures the other to act at once, skip checks or hurry a transaction: a common social-engineering pattern.',
		pattern: /\b(urgent|no time|right now|immediately|just process)\b/i,
	},
	{
		identifier: 'identity_verification',
		name: 'Identity verification',
		short_description: 'The agent verifies the caller’s identity.',
		detailed_description: 'Detected when a participant asks for or gives identifying details such as a date of birth, card digits or an account number to verify identity.',
		pattern: /\b(date of birth|verify|confirm your)\b/i,
	},
];

export function listPresets() {
	return {
		presets: PRESETS.map(({ identifier, name, short_description, detailed_description }) => ({
			identifier,
			name,
			short_description,
			detailed_description,
		})),
	};
}

interface TypeDef {
	uuid: string;
	name: string;
	short_description: string;
	detailed_description: string;
	pattern?: RegExp;
}

const DEFAULT_CONVERSATION_TYPES: TypeDef[] = [
	{
		uuid: hashUuid('conversation-type', 'customer-support'),
		name: 'Customer support',
		short_description: 'A customer asks for help with an account, a charge or a service.',
		detailed_description: 'Inbound support calls: billing questions, refunds, account changes, transfers.',
		pattern: /\b(bank|charge|account|refund|transfer|card)\b/i,
	},
	{
		uuid: hashUuid('conversation-type', 'healthcare-scheduling'),
		name: 'Healthcare scheduling',
		short_description: 'A patient books or moves an appointment.',
		detailed_description: 'Calls to a clinic or practice about appointments, referrals and insurance.',
		pattern: /\b(clinic|appointment|patient|doctor)\b/i,
	},
];
const FALLBACK_CONVERSATION_TYPE: TypeDef = {
	uuid: hashUuid('conversation-type', 'general'),
	name: 'General conversation',
	short_description: 'A conversation that matches no candidate type.',
	detailed_description: 'Fallback used when no candidate conversation type applies.',
};
const DEFAULT_ROLES: TypeDef[] = [
	{
		uuid: hashUuid('participant-role', 'agent'),
		name: 'Agent',
		short_description: 'The person answering on behalf of the organization.',
		detailed_description: 'Answers the call, verifies identity and resolves the request.',
		pattern: /\b(this is \w+\.?$|how can i help|thank you for calling|scheduling|department)\b/i,
	},
	{
		uuid: hashUuid('participant-role', 'customer'),
		name: 'Customer',
		short_description: 'The caller.',
		detailed_description: 'Calls the organization with a request.',
		pattern: /\b(my name is|i need|i was|my appointment|account holder)\b/i,
	},
];
const FALLBACK_ROLE: TypeDef = {
	uuid: hashUuid('participant-role', 'participant'),
	name: 'Participant',
	short_description: 'A participant with no matching role.',
	detailed_description: 'Fallback used when no candidate participant role applies to a speaker.',
};

export interface BatchAnalysisConfig {
	conversation_types?: Array<Record<string, unknown>>;
	participant_roles?: Array<Record<string, unknown>>;
	behaviors?: Array<Record<string, unknown> | string>;
	stt: SttOptions;
	produce_topics: boolean;
	produce_topic_sentiments: boolean;
	produce_summary: boolean;
	default_conversation_type?: Record<string, unknown> | null;
	default_participant_role?: Record<string, unknown> | null;
}

function toTypeDef(o: Record<string, unknown>, uuidKey: string): TypeDef {
	return {
		uuid: String(o[uuidKey]),
		name: String(o.name),
		short_description: String(o.short_description ?? ''),
		detailed_description: String(o.detailed_description ?? ''),
	};
}

/** Words of a definition that, found in the conversation, make it match. */
function matches(def: TypeDef, text: string): number {
	if (def.pattern) return (text.match(new RegExp(def.pattern.source, 'gi')) ?? []).length;
	const words = `${def.name} ${def.short_description}`.toLowerCase().match(/[a-z]{5,}/g) ?? [];
	return words.filter((w) => text.toLowerCase().includes(w)).length;
}

const TOPICS: Array<[string, RegExp]> = [
	['Billing', /\b(charge\w*|payment|billing|card)\b/i],
	['Refund', /\b(refund\w*)\b/i],
	['Appointment scheduling', /\b(appointment|schedul\w*)\b/i],
	['Insurance', /\b(insurance)\b/i],
	['Wire transfer', /\b(wire|transfer)\b/i],
	['Identity verification', /\b(date of birth|verify|confirm)\b/i],
	['Account update', /\b(address|phone number|account)\b/i],
];

export function batchAnalysis(t: Transcript, c: BatchAnalysisConfig, s: TextStyles) {
	const all = t.utterances.map((u) => u.text).join(' ');
	const label = (speaker: number) => (c.stt.speaker_diarization ? `Speaker ${speaker}` : 'Speaker 1');
	const clips = t.utterances.map((u, i) => ({
		clip_uuid: hashUuid(t.seed, 'clip', i),
		text: recognizedText(u, c.stt.custom_terms, c.stt.pii_phi_tagging, s.tagStyle),
		start_ms: u.start_ms,
		duration_ms: u.duration_ms,
		speaker_label: label(u.speaker),
		language: primaryLanguage(c.stt.language),
		emotion: c.stt.emotion_signal ? emotionOf(u.text) : null,
		accent: c.stt.accent_signal ? accentOf(t.seed, u.speaker) : null,
		deepfake_score: c.stt.deepfake_signal ? deepfakeScoreOf(t, i, u.speaker) : null,
	}));

	// conversation type
	const candidates = c.conversation_types
		? c.conversation_types.map((o) => toTypeDef(o, 'conversation_type_uuid'))
		: DEFAULT_CONVERSATION_TYPES;
	const fallbackType =
		c.default_conversation_type === null
			? null
			: c.default_conversation_type
				? toTypeDef(c.default_conversation_type, 'conversation_type_uuid')
				: FALLBACK_CONVERSATION_TYPE;
	const pick = (def: TypeDef, source: string, confidence: number, detail: string) => ({
		conversation_type_uuid: def.uuid,
		name: def.name,
		confidence: round4(confidence),
		selection_source: source,
		detail,
		reasoning: source === 'inferred' ? `The conversation matches "${def.name}": ${def.short_description}` : null,
	});
	let conversation_type_pick: ReturnType<typeof pick> | null = null;
	if (candidates.length === 1) {
		conversation_type_pick = pick(candidates[0], 'auto_selected_single_option', 1, 'Only one candidate conversation type was given.');
	} else {
		const scored = candidates.map((d) => ({ d, n: matches(d, all) })).sort((a, b) => b.n - a.n);
		if (scored.length && scored[0].n > 0) {
			conversation_type_pick = pick(scored[0].d, 'inferred', 0.8 + hashUnit(t.seed, 'ctype') * 0.19, 'Chosen from the candidates by the conversation content.');
		} else if (fallbackType) {
			conversation_type_pick = pick(fallbackType, 'default', 1, 'No candidate conversation type applied; the fallback was used.');
		}
	}

	// participant roles, per speaker
	const roles = c.participant_roles ? c.participant_roles.map((o) => toTypeDef(o, 'participant_role_uuid')) : DEFAULT_ROLES;
	const fallbackRole =
		c.default_participant_role === null
			? null
			: c.default_participant_role
				? toTypeDef(c.default_participant_role, 'participant_role_uuid')
				: FALLBACK_ROLE;
	const speakers = [...new Set(t.utterances.map((u) => (c.stt.speaker_diarization ? u.speaker : 1)))];
	const participant_role_picks = [];
	for (const sp of speakers) {
		const text = t.utterances.filter((u) => !c.stt.speaker_diarization || u.speaker === sp).map((u) => u.text).join(' ');
		const scored = roles.map((d) => ({ d, n: matches(d, text) })).sort((a, b) => b.n - a.n);
		const chosen =
			roles.length === 1
				? { d: roles[0], source: 'auto_selected_single_option' }
				: scored.length && scored[0].n > 0
					? { d: scored[0].d, source: 'inferred' }
					: fallbackRole
						? { d: fallbackRole, source: 'default' }
						: undefined;
		if (!chosen) continue;
		participant_role_picks.push({
			speaker_label: label(sp),
			participant_role_uuid: chosen.d.uuid,
			name: chosen.d.name,
			confidence: round4(chosen.source === 'inferred' ? 0.75 + hashUnit(t.seed, 'role', sp) * 0.24 : 1),
			selection_source: chosen.source,
			detail: chosen.source === 'inferred' ? 'Chosen from the candidates by what this speaker says.' : 'Selected without inference.',
			reasoning: chosen.source === 'inferred' ? `${label(sp)} speaks as "${chosen.d.name}".` : null,
		});
	}

	// behaviors
	const behaviors = (c.behaviors ?? []).map((b, bi) => {
		const preset = typeof b === 'string' ? PRESETS.find((p) => `preset:${p.identifier}` === b) : undefined;
		const def: TypeDef = preset
			? {
					uuid: hashUuid('preset', preset.identifier),
					name: preset.name,
					short_description: preset.short_description,
					detailed_description: preset.detailed_description,
					pattern: preset.pattern,
				}
			: toTypeDef(b as Record<string, unknown>, 'behavior_uuid');
		const evidence = t.utterances
			.map((u, i) => ({ u, i }))
			.filter(({ u }) => matches(def, u.text) > 0);
		const detected = evidence.length > 0;
		return {
			behavior_uuid: def.uuid,
			behavior_name: def.name,
			speaker_label: detected ? label(evidence[0].u.speaker) : null,
			detected,
			confidence: round4(detected ? 0.8 + hashUnit(t.seed, 'behavior', bi) * 0.19 : 0.05 + hashUnit(t.seed, 'behavior', bi) * 0.2),
			evidence_clip_uuids: evidence.map(({ i }) => clips[i].clip_uuid),
			definitive_clip_uuid: detected ? clips[evidence[0].i].clip_uuid : null,
			reasoning: detected ? `"${evidence[0].u.text}"` : null,
		};
	});

	const topics = c.produce_topics ? TOPICS.filter(([, re]) => re.test(all)).map(([name]) => name) : [];
	const topic_sentiments = c.produce_topic_sentiments
		? topics.flatMap((topic) =>
				speakers.map((sp) => {
					const score = round4(hashUnit(t.seed, 'sentiment', topic, sp) * 1.6 - 0.6);
					return {
						topic,
						speaker_label: label(sp),
						sentiment_score: score,
						sentiment_label: score > 0.25 ? 'positive' : score < -0.25 ? 'negative' : 'neutral',
					};
				}),
			)
		: [];
	const summary = c.produce_summary
		? t.utterances.length
			? `${conversation_type_pick?.name ?? 'Conversation'} between ${speakers.length} speaker(s)` +
				(topics.length ? ` about ${topics.join(', ').toLowerCase()}.` : '.') +
				` It opens: "${t.utterances[0].text}"`
			: 'No speech was recognized.'
		: null;

	return {
		duration_ms: t.durationMs,
		clips,
		conversation_type_pick,
		participant_role_picks,
		behaviors,
		topics,
		topic_sentiments,
		summary,
	};
}
