import { updateDisplayOptions } from 'n8n-workflow';
import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { BATCH_EXTENSIONS, SYNTHETIC_VOICE_EXTENSIONS } from '../../../shared/audioFormats';
import { readAudioSource } from '../../../shared/audioSource';
import { audioSourceFields, forOperation, optionsCollection } from '../../../shared/fields';
import { requestOptionFields, transportSettingsFrom } from '../../../shared/requestOptions';
import type { ItemCredentials } from '../../../shared/transport/credentials';
import { errorItemJson, inputError } from '../../../shared/transport/errors';
import { paddingFrom, redactedBinary, redactionOptionFields } from '../../options/redaction';
import {
	accentSignalField,
	customTermsConfig,
	customTermsField,
	emotionSignalField,
	languageField,
	languageFrom,
	sttFlags,
	termEntries,
} from '../../options/transcription';
import { transcriptFormatOptionFields, transcriptOutputFrom } from '../../output/transcriptOutput';
import { readBatchAudio } from '../../transport/batch';
import type { FormFields } from '../../transport/multipart';
import { buildConfig, presetReferences } from '../conversation/analyzeConversation.operation';
import { presetList, presetReference } from '../conversation/presets';
import { sortedOptions } from '../../streaming/fields';
import { ANALYSIS_ORDER, runAnalyses } from './analyses';
import type { AnalysisName } from './analyses';
import { buildCallRecord } from './callRecord';
import type { ChosenBehavior } from './callRecord';
import { maskDeep, masker, taggedValues } from './privacy';
import { transcriptFields } from './transcriptFields';

const OPERATION = 'Analyze Call';
export const DEFAULT_ANALYSES: AnalysisName[] = ['transcript', 'redaction', 'syntheticVoice'];

const properties: INodeProperties[] = [
	...audioSourceFields,
	{
		displayName: 'Analyses',
		name: 'analyses',
		type: 'multiOptions',
		options: [
			{
				name: 'Conversation Analysis',
				value: 'conversation',
				description: 'Summary, topics, participant roles (agent, customer) and the chosen behaviors (velma-2-batch)',
			},
			{ name: 'Language Detection', value: 'language', description: 'The spoken language and its confidence (velma-2-language-detection-batch)' },
			{
				name: 'PII/PHI Redaction',
				value: 'redaction',
				description: 'Redacted transcript and redacted MP3; makes every transcript field of the record the redacted one (velma-2-pii-phi-redaction-batch)',
			},
			{
				name: 'Synthetic Voice Detection',
				value: 'syntheticVoice',
				description: 'Verdict, highest confidence and seconds of synthetic speech (velma-2-synthetic-voice-detection-batch)',
			},
			{ name: 'Transcript', value: 'transcript', description: 'Speakers, talk time, emotion and accent (velma-2-stt-batch)' },
		],
		default: ['transcript', 'redaction', 'syntheticVoice'],
		description: 'What to find out about the call. The chosen analyses run at the same time, each against its own model.',
	},
	{
		displayName: 'Behavior Preset Names or IDs',
		name: 'behaviorPresets',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getBehaviorPresets' },
		default: [],
		displayOptions: { show: { analyses: ['conversation'] } },
		description:
			'Behaviors to look for; each becomes a true/false field behavior_&lt;identifier&gt; in the record. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		displayOptions: { hide: { '@tool': [true] } },
		description:
			'Whether to return only ten key fields (duration, language, speaker count, transcript, redaction count, synthetic verdict and confidence, summary, detected behaviors, and errors when an analysis failed) instead of the full record',
	},
	optionsCollection(
		sortedOptions([
			{ ...accentSignalField, description: "Whether to detect each speaker's accent (needs the Transcript analysis)" },
			customTermsField,
			{ ...emotionSignalField, description: "Whether to detect each speaker's dominant emotion (needs the Transcript analysis)" },
			{
				displayName: 'Include Raw Results',
				name: 'includeRawResults',
				type: 'boolean',
				default: false,
				description: "Whether to add each analysis's answer from Modulate under raw.&lt;analysis&gt; (kept private the same way when redaction ran)",
			},
			{
				displayName: 'Include Unredacted Transcript',
				name: 'includeUnredactedTranscript',
				type: 'boolean',
				default: false,
				description:
					'Whether to add the unredacted transcript (unredactedTranscript) and leave personal data unmasked in the other fields. Off by default, so personal data does not travel further down the workflow.',
			},
			languageField,
			{
				displayName: 'On Analysis Error',
				name: 'onAnalysisError',
				type: 'options',
				options: [
					{ name: 'Fail the Item', value: 'fail', description: 'The item fails with a message naming the analysis and its cause' },
					{
						name: 'Keep Other Results',
						value: 'keepOthers',
						description: "The failed analysis's fields are null and errors.&lt;analysis&gt; says why; the item fails only when every analysis failed",
					},
				],
				default: 'fail',
				description: 'What happens to the item when one of its analyses fails',
			},
			...redactionOptionFields.filter((field) => /RedactionPaddingMs$/.test(field.name)),
			...transcriptFormatOptionFields,
			...requestOptionFields,
		]),
	),
];

export const description = updateDisplayOptions(forOperation('call', 'analyzeCall'), properties);

function analysesFrom(ctx: IExecuteFunctions, itemIndex: number, value: unknown): AnalysisName[] {
	const list = (Array.isArray(value) ? value : String(value ?? '').split(',')).map((v) => String(v).trim()).filter(Boolean);
	const unknown = list.filter((name) => !ANALYSIS_ORDER.includes(name as AnalysisName));
	if (unknown.length || !list.length) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			unknown.length ? `Analyses has unknown value${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}` : 'Analyses is empty',
			`Choose one or more of: ${ANALYSIS_ORDER.join(', ')}. Nothing was sent to Modulate.`,
		);
	}
	return ANALYSIS_ORDER.filter((name) => list.includes(name));
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<INodeExecutionData> {
	const source = readAudioSource((name, fallback) => this.getNodeParameter(name, itemIndex, fallback));
	// A recording read from a URL has no input binary to replace: the redacted MP3 goes to "data".
	const binaryPropertyName = source.kind === 'binary' ? source.propertyName : 'data';
	const analyses = analysesFrom(this, itemIndex, this.getNodeParameter('analyses', itemIndex, DEFAULT_ANALYSES));
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const picked = analyses.includes('conversation')
		? (this.getNodeParameter('behaviorPresets', itemIndex, []) as string[] | string)
		: [];

	const includeRaw = options.includeRawResults === true;
	const includeUnredacted = options.includeUnredactedTranscript === true;
	const keepOthers = options.onAnalysisError === 'keepOthers';
	const isPrivate = analyses.includes('redaction') && !includeUnredacted;
	const transcriptSettings = transcriptOutputFrom(options);
	const settings = transportSettingsFrom(options);
	const language = languageFrom(this, itemIndex, options);
	const padding = paddingFrom(this, itemIndex, options);
	const customTerms = customTermsConfig.call(this, itemIndex, termEntries(options));
	// Private: the answers that carry words come back tagged, so their personal data can be masked.
	const tagging = isPrivate ? true : undefined;
	const sttFields: FormFields = {
		...sttFlags({ emotionSignal: options.emotionSignal, accentSignal: options.accentSignal, piiPhiTagging: tagging }),
		language,
		config: customTerms.length ? JSON.stringify({ custom_terms: customTerms }) : undefined,
	};
	const conversationConfig = analyses.includes('conversation')
		? buildConfig.call(
				this,
				itemIndex,
				{
					language: options.language,
					customTerms: options.customTerms,
					emotionSignal: options.emotionSignal,
					accentSignal: options.accentSignal,
					piiPhiTagging: tagging,
				},
				picked,
			)
		: 'default';
	const references = analyses.includes('conversation') ? presetReferences(picked, conversationConfig) : [];

	// The one read of the item's audio: every analysis sends this same input, reopened per request.
	const onlySynthetic = analyses.length === 1 && analyses[0] === 'syntheticVoice';
	const audio = await readBatchAudio(this, itemIndex, source, {
		operation: OPERATION,
		extensions: onlySynthetic ? SYNTHETIC_VOICE_EXTENSIONS : BATCH_EXTENSIONS,
	});

	const { results, failures } = await runAnalyses(this, itemIndex, credentials, analyses, {
		audio,
		settings,
		sttFields,
		language,
		padding,
		conversationConfig,
		presetReferences: references,
	});
	if (failures.length && (!keepOthers || failures.length === analyses.length)) throw failures[0].error;

	const mask = isPrivate ? masker(taggedValues([results.transcript, results.conversation])) : undefined;
	const behaviors: ChosenBehavior[] = [];
	if (analyses.includes('conversation')) {
		const catalog = references.length ? await presetList(this, itemIndex, credentials, settings) : undefined;
		for (const { reference } of references) {
			const identifier = presetReference(reference).replace(/^preset:/, '');
			behaviors.push({ identifier, name: catalog?.find((p) => p.identifier === identifier)?.name });
		}
	}

	const transcript = await transcriptFields(this, analyses, results, transcriptSettings, includeUnredacted, audio.fileName);
	const record = buildCallRecord({
		fileName: audio.fileName,
		analyses,
		results,
		transcript: transcript.transcript,
		unredactedTranscript: transcript.unredactedTranscript,
		behaviors,
		mask,
	});
	const json = record;
	if (failures.length) {
		const errors: IDataObject = {};
		for (const { name, error } of failures) {
			const item = errorItemJson(error, credentials.secrets);
			errors[name] = { message: item.error, category: item.category, retryable: item.retryable };
		}
		json.errors = errors;
	}
	if (includeRaw) {
		const raw: IDataObject = {};
		for (const name of analyses) {
			const value = name === 'redaction' ? results.redaction?.metadata : (results[name] as IDataObject | undefined);
			raw[name] = value === undefined ? null : mask ? maskDeep(value, mask) : value;
		}
		json.raw = raw;
	}

	// The redacted MP3 replaces the input audio; if redaction was chosen but failed, the input is still dropped.
	const inputBinary = this.getInputData()[itemIndex].binary ?? {};
	let binary: IBinaryKeyData;
	if (results.redaction) {
		binary = await redactedBinary(
			this,
			itemIndex,
			{ inputProperty: binaryPropertyName, outputProperty: binaryPropertyName, keepOriginalAudio: false },
			audio.fileName,
			results.redaction.mp3,
		);
	} else if (analyses.includes('redaction')) {
		binary = Object.fromEntries(Object.entries(inputBinary).filter(([name]) => name !== binaryPropertyName));
	} else {
		binary = { ...inputBinary };
	}
	Object.assign(binary, transcript.binary);
	return Object.keys(binary).length ? { json, binary } : { json };
}
