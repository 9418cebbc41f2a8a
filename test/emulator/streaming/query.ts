/**
 * The handshake's query parameters and the STT first-frame config, checked as the specs describe; a
 * breach is a `ValidationError` carrying the spec's message and close code.
 */
import { formatsFor, pyList, RAW_BYTES, SAMPLE_RATES } from './formats';
import { ENGLISH_V2_MODEL, SVD_MODEL } from './options';

export interface CustomTerm {
	term: string;
}

export class ValidationError extends Error {
	constructor(
		message: string,
		readonly code: number,
	) {
		super(message);
	}
}

export interface SttSettings {
	speaker_diarization: boolean;
	emotion_signal: boolean;
	accent_signal: boolean;
	deepfake_signal: boolean;
	pii_phi_tagging: boolean;
	partial_results: boolean;
	language: string | null;
	custom_terms: CustomTerm[];
}

const LANGUAGE = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]+)*$/;

function parseBool(query: URLSearchParams, name: string, fallback: boolean): boolean {
	const raw = query.get(name);
	if (raw === null) return fallback;
	if (/^(true|1)$/i.test(raw)) return true;
	if (/^(false|0)$/i.test(raw)) return false;
	throw new ValidationError(`Invalid ${name}='${raw}'. Must be true or false`, 1003);
}

export function parseNonNegative(query: URLSearchParams, name: string, fallback: number): number {
	const raw = query.get(name);
	if (raw === null) return fallback;
	const n = Number(raw);
	if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) {
		throw new ValidationError(`Invalid ${name}=${raw}. Must be an integer >= 0`, 1003);
	}
	return n;
}

/** Audio parameters of the query, checked as the specs describe. */
export function parseAudioParams(model: string, query: URLSearchParams) {
	const format = query.get('audio_format');
	const rateRaw = query.get('sample_rate');
	const channelsRaw = query.get('num_channels');
	const required = model === SVD_MODEL || model === ENGLISH_V2_MODEL;
	if (format === null) {
		if (rateRaw !== null || channelsRaw !== null) {
			throw new ValidationError('sample_rate and num_channels require audio_format to be specified', 1003);
		}
		if (required) {
			throw new ValidationError(
				'audio_format query parameter is required. Example: audio_format=s16le&sample_rate=16000&num_channels=1',
				1003,
			);
		}
		return { format: undefined, raw: false, sampleRate: undefined, channels: undefined };
	}
	const valid = formatsFor(model);
	if (!valid.includes(format)) throw new ValidationError(`Invalid audio_format='${format}'. Valid values: ${pyList(valid)}`, 1003);
	const raw = format in RAW_BYTES;
	if (!raw) return { format, raw, sampleRate: undefined, channels: undefined };
	if (rateRaw === null || channelsRaw === null) {
		throw new ValidationError('Raw audio formats require sample_rate and num_channels query parameters', 1003);
	}
	const sampleRate = Number(rateRaw);
	if (!SAMPLE_RATES.includes(sampleRate)) {
		throw new ValidationError(`Invalid sample_rate=${rateRaw}. Valid values: ${pyList(SAMPLE_RATES)}`, 1003);
	}
	const channels = Number(channelsRaw);
	if (!Number.isInteger(channels) || channels < 1 || channels > 8) {
		throw new ValidationError(`Invalid num_channels=${channelsRaw}. Must be between 1 and 8`, 1003);
	}
	return { format, raw, sampleRate, channels };
}

export function parseSttQuery(query: URLSearchParams): SttSettings {
	const language = query.get('language');
	if (language !== null && !LANGUAGE.test(language)) {
		throw new ValidationError(`Invalid language='${language}'`, 1003);
	}
	return {
		speaker_diarization: parseBool(query, 'speaker_diarization', true),
		emotion_signal: parseBool(query, 'emotion_signal', false),
		accent_signal: parseBool(query, 'accent_signal', false),
		deepfake_signal: parseBool(query, 'deepfake_signal', false),
		pii_phi_tagging: parseBool(query, 'pii_phi_tagging', false),
		partial_results: parseBool(query, 'partial_results', false),
		language,
		custom_terms: [],
	};
}

/** The STT first-frame config (STTStreamConfig); anything outside the schema is "Invalid configuration." */
export function applyConfigFrame(settings: SttSettings, text: string): void {
	const invalid = new ValidationError('Invalid configuration.', 1003);
	let config: unknown;
	try {
		config = JSON.parse(text);
	} catch {
		throw invalid;
	}
	if (!config || typeof config !== 'object' || Array.isArray(config)) throw invalid;
	const bools = ['speaker_diarization', 'emotion_signal', 'accent_signal', 'deepfake_signal', 'pii_phi_tagging', 'partial_results'] as const;
	for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
		if ((bools as readonly string[]).includes(key)) {
			if (typeof value !== 'boolean') throw invalid;
			settings[key as (typeof bools)[number]] = value;
		} else if (key === 'language') {
			if (value !== null && (typeof value !== 'string' || !LANGUAGE.test(value))) throw invalid;
			settings.language = value as string | null;
		} else if (key === 'custom_terms') {
			if (value === null) continue;
			if (!Array.isArray(value) || value.length > 1000) throw invalid;
			const terms: CustomTerm[] = [];
			for (const entry of value) {
				if (typeof entry === 'string') {
					if (entry.trim()) terms.push({ term: entry.trim() });
					continue;
				}
				const e = entry as { term?: unknown; definition?: unknown; pronunciations?: unknown };
				if (!e || typeof e !== 'object' || typeof e.term !== 'string' || !e.term) throw invalid;
				if (e.definition !== undefined && (typeof e.definition !== 'string' || e.definition.length > 256)) throw invalid;
				if (e.pronunciations !== undefined) {
					const p = e.pronunciations;
					if (!Array.isArray(p) || p.length > 16 || p.some((x) => typeof x !== 'string' || x.length > 128 || !/^[\x20-\x7e]*$/.test(x))) {
						throw invalid;
					}
				}
				if (e.term.trim()) terms.push({ term: e.term.trim() });
			}
			if (JSON.stringify(terms.map((t) => t.term)).length >= 8000) throw invalid;
			settings.custom_terms = terms;
		} else {
			throw invalid;
		}
	}
}
