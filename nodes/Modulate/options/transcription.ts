/**
 * The transcription options Modulate's speech models share (language hint, diarization, the signal
 * flags, custom terms) and what every operation that offers them needs: the fields, their mapping to
 * the wire, their checks, and the collection of streamed utterances.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { inputError } from '../../shared/transport/errors';
import type { StreamCollector } from '../streaming/session';

export const languageField: INodeProperties = {
	displayName: 'Language',
	name: 'language',
	type: 'string',
	default: '',
	placeholder: 'e.g. en',
	description:
		'Optional ISO 639-1 language hint such as "en" or "fr" (a region like "en-US" is accepted; only "en" is used). Leave empty to detect the language per utterance.',
};

export const speakerDiarizationField: INodeProperties = {
	displayName: 'Speaker Diarization',
	name: 'speakerDiarization',
	type: 'boolean',
	default: true,
	description: 'Whether to label each utterance with a speaker number (1, 2, …)',
};

export const accentSignalField: INodeProperties = {
	displayName: 'Accent Signal',
	name: 'accentSignal',
	type: 'boolean',
	default: false,
	description: "Whether to add the speaker's accent to each utterance",
};

export const customTermsField: INodeProperties = {
	displayName: 'Custom Terms',
	name: 'customTerms',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Term',
	default: {},
	description: 'Names and domain words to bias the transcript toward (up to 1000)',
	options: [
		{
			displayName: 'Term',
			name: 'terms',
			values: [
				{
					displayName: 'Term',
					name: 'term',
					type: 'string',
					default: '',
					placeholder: 'e.g. Velma',
				},
				{
					displayName: 'Definition',
					name: 'definition',
					type: 'string',
					default: '',
					description: 'Optional short definition (up to 256 characters)',
				},
				{
					displayName: 'Pronunciations',
					name: 'pronunciations',
					type: 'string',
					default: '',
					placeholder: 'e.g. VEL-muh',
					description:
						'Optional, comma-separated: X-SAMPA or a hyphenated respelling with the stressed syllable in capitals (up to 16, printable ASCII)',
				},
			],
		},
	],
};

export const deepfakeSignalField: INodeProperties = {
	displayName: 'Deepfake Signal',
	name: 'deepfakeSignal',
	type: 'boolean',
	default: false,
	description: 'Whether to add a deepfake_score (0 natural … 1 synthetic) to each utterance',
};

export const emotionSignalField: INodeProperties = {
	displayName: 'Emotion Signal',
	name: 'emotionSignal',
	type: 'boolean',
	default: false,
	description: "Whether to add the speaker's emotion to each utterance",
};

export const piiPhiTaggingField: INodeProperties = {
	displayName: 'PII/PHI Tagging',
	name: 'piiPhiTagging',
	type: 'boolean',
	default: false,
	description: 'Whether to wrap personal and health information in the text with tags',
};

/** Every transcription option, in n8n's display order. */
export const transcriptionOptionFields: INodeProperties[] = [
	accentSignalField,
	customTermsField,
	deepfakeSignalField,
	emotionSignalField,
	languageField,
	piiPhiTaggingField,
	speakerDiarizationField,
];

/** Option name → the wire's STTOptions key, with the spec's default. */
const STT_FLAGS: ReadonlyArray<{ option: string; key: string; default: boolean }> = [
	{ option: 'speakerDiarization', key: 'speaker_diarization', default: true },
	{ option: 'emotionSignal', key: 'emotion_signal', default: false },
	{ option: 'accentSignal', key: 'accent_signal', default: false },
	{ option: 'deepfakeSignal', key: 'deepfake_signal', default: false },
	{ option: 'piiPhiTagging', key: 'pii_phi_tagging', default: false },
];

/** The flags as the wire names them: every flag, the spec's default where the option is not set. */
export function sttFlags(options: IDataObject): Record<string, boolean> {
	const flags: Record<string, boolean> = {};
	for (const flag of STT_FLAGS) flags[flag.key] = (options[flag.option] as boolean | undefined) ?? flag.default;
	return flags;
}

/** Only the flags the user set, for a config that falls back to Modulate's own defaults. */
export function setSttFlags(options: IDataObject): IDataObject {
	const flags: IDataObject = {};
	for (const flag of STT_FLAGS) if (options[flag.option] !== undefined) flags[flag.key] = options[flag.option];
	return flags;
}

export interface TermEntry {
	term?: string;
	definition?: string;
	pronunciations?: string;
}

/** The entries of the Custom Terms option. */
export function termEntries(options: IDataObject): TermEntry[] {
	return ((options.customTerms as IDataObject | undefined)?.terms as TermEntry[] | undefined) ?? [];
}

/** The spec's custom_terms: a plain string when only the term is set, else a CustomTerm object. */
export function customTermsConfig(
	this: IExecuteFunctions,
	itemIndex: number,
	entries: TermEntry[],
): Array<string | IDataObject> {
	const node = this.getNode();
	const terms: Array<string | IDataObject> = [];
	for (const [position, entry] of entries.entries()) {
		const term = (entry.term ?? '').trim();
		if (!term) continue;
		const where = `Options → Custom Terms, entry ${position + 1} ("${term}")`;
		const definition = (entry.definition ?? '').trim();
		const pronunciations = (entry.pronunciations ?? '')
			.split(',')
			.map((p) => p.trim())
			.filter(Boolean);
		if (definition.length > 256) {
			throw inputError(node, itemIndex, `${where}: the definition is ${definition.length} characters; at most 256 are allowed`);
		}
		if (pronunciations.length > 16) {
			throw inputError(node, itemIndex, `${where}: ${pronunciations.length} pronunciations; at most 16 are allowed`);
		}
		const bad = pronunciations.find((p) => p.length > 128 || !/^[\x20-\x7e]+$/.test(p));
		if (bad) {
			throw inputError(node, itemIndex, `${where}: pronunciation "${bad}" must be printable ASCII, at most 128 characters`);
		}
		if (!definition && !pronunciations.length) terms.push(term);
		else terms.push({ term, ...(definition ? { definition } : {}), ...(pronunciations.length ? { pronunciations } : {}) });
	}
	if (terms.length > 1000) {
		throw inputError(node, itemIndex, `Options → Custom Terms has ${terms.length} terms; at most 1000 are allowed`);
	}
	const termChars = JSON.stringify(terms.map((t) => (typeof t === 'string' ? t : t.term))).length;
	if (termChars >= 8000) {
		throw inputError(node, itemIndex, `Options → Custom Terms: the terms total ${termChars} characters as JSON; Modulate accepts under 8000`, 'Remove rarely used terms.');
	}
	return terms;
}

export function validateLanguage(this: IExecuteFunctions, itemIndex: number, language: string): string | undefined {
	const value = language.trim();
	if (!value) return undefined;
	if (!/^[A-Za-z]{2,3}([-_][A-Za-z0-9]+)*$/.test(value)) {
		throw inputError(
			this.getNode(),
			itemIndex,
			`Options → Language "${value}" is not a language code`,
			'Use an ISO 639-1 code such as "en", "fr" or "es" (or "en-US"), or leave it empty to detect the language.',
		);
	}
	return value;
}

/** The Language option, checked; undefined when empty. */
export function languageFrom(ctx: IExecuteFunctions, itemIndex: number, options: IDataObject): string | undefined {
	return validateLanguage.call(ctx, itemIndex, String(options.language ?? ''));
}

/** Utterances in time order (the server may finish them out of order), and their text joined. */
export function orderedUtterances(utterances: IDataObject[]): { text: string; utterances: IDataObject[] } {
	const ordered = [...utterances].sort((a, b) => Number(a.start_ms ?? 0) - Number(b.start_ms ?? 0));
	const text = ordered
		.map((u) => String(u.text ?? '').trim())
		.filter(Boolean)
		.join(' ');
	return { text, utterances: ordered };
}

/**
 * What the transcription streaming operations keep from Modulate's messages, shaped like their batch
 * twins: finalized utterances (partials are superseded, so only kept in the raw events) and `done`.
 */
export class UtteranceCollector implements StreamCollector {
	utterances: IDataObject[] = [];
	partials = 0;
	durationMs?: number;
	done = false;

	onMessage(message: IDataObject): void {
		if (message.type === 'utterance' && message.utterance && typeof message.utterance === 'object') {
			this.utterances.push(message.utterance as IDataObject);
		} else if (message.type === 'partial_utterance') {
			this.partials++;
		} else if (message.type === 'done') {
			this.durationMs = Number(message.duration_ms ?? 0);
			this.done = true;
		}
	}

	onBinary(): void {
		// transcription sends no binary frames
	}

	isComplete(): boolean {
		return this.done;
	}

	result(): IDataObject {
		const { text, utterances } = orderedUtterances(this.utterances);
		return { text, duration_ms: this.durationMs ?? 0, utterances };
	}
}
