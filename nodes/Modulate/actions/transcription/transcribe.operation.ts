import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { binaryPropertyField, optionsCollection } from '../../../shared/fields';
import { requestOptionFields, transportSettingsFrom } from '../../../shared/requestOptions';
import { inputError } from '../../../shared/transport/errors';
import { callBatchModel } from '../../transport/batch';
import type { ItemCredentials } from '../../../shared/transport/credentials';

const MODEL = 'velma-2-stt-batch';

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

export const description: INodeProperties[] = [
	binaryPropertyField('transcription', 'transcribe'),
	optionsCollection('transcription', 'transcribe', [
		{
			displayName: 'Accent Signal',
			name: 'accentSignal',
			type: 'boolean',
			default: false,
			description: "Whether to add the speaker's accent to each utterance",
		},
		{
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
		},
		{
			displayName: 'Deepfake Signal',
			name: 'deepfakeSignal',
			type: 'boolean',
			default: false,
			description: 'Whether to add a deepfake_score (0 natural … 1 synthetic) to each utterance',
		},
		{
			displayName: 'Emotion Signal',
			name: 'emotionSignal',
			type: 'boolean',
			default: false,
			description: "Whether to add the speaker's emotion to each utterance",
		},
		languageField,
		{
			displayName: 'PII/PHI Tagging',
			name: 'piiPhiTagging',
			type: 'boolean',
			default: false,
			description: 'Whether to wrap personal and health information in the text with tags',
		},
		speakerDiarizationField,
		...requestOptionFields,
	]),
];

interface TermEntry {
	term?: string;
	definition?: string;
	pronunciations?: string;
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

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<INodeExecutionData> {
	const binaryPropertyName = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const entries = ((options.customTerms as IDataObject | undefined)?.terms as TermEntry[] | undefined) ?? [];
	const customTerms = customTermsConfig.call(this, itemIndex, entries);
	const language = validateLanguage.call(this, itemIndex, String(options.language ?? ''));
	const body = await callBatchModel(this, itemIndex, credentials, {
		binaryPropertyName,
		settings: transportSettingsFrom(options),
		fields: {
			speaker_diarization: (options.speakerDiarization as boolean | undefined) ?? true,
			emotion_signal: (options.emotionSignal as boolean | undefined) ?? false,
			accent_signal: (options.accentSignal as boolean | undefined) ?? false,
			deepfake_signal: (options.deepfakeSignal as boolean | undefined) ?? false,
			pii_phi_tagging: (options.piiPhiTagging as boolean | undefined) ?? false,
			language,
			config: customTerms.length ? JSON.stringify({ custom_terms: customTerms }) : undefined,
		},
	}, { model: MODEL, operation: 'Transcribe' });
	return { json: body };
}
