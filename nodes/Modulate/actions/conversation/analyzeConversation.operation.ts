import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readAudioSource } from '../../../shared/audioSource';
import { audioSourceFields, forOperation, optionsCollection } from '../../../shared/fields';
import { requestOptionFields, transportSettingsFrom } from '../../../shared/requestOptions';
import { inputError } from '../../../shared/transport/errors';
import { callBatchModel } from '../../transport/batch';
import {
	accentSignalField,
	customTermsConfig,
	customTermsField,
	deepfakeSignalField,
	emotionSignalField,
	languageField,
	languageFrom,
	piiPhiTaggingField,
	setSttFlags,
	speakerDiarizationField,
	termEntries,
} from '../../options/transcription';
import { checkPresets, presetReference } from './presets';
import type { ItemCredentials } from '../../../shared/transport/credentials';

const MODEL = 'velma-2-batch';
const OPERATION = 'Analyze Conversation';

const PRODUCE_FLAGS: Record<string, string> = {
	produceTopics: 'produce_topics',
	produceTopicSentiments: 'produce_topic_sentiments',
	produceSummary: 'produce_summary',
};

const produceField = (displayName: string, name: string, what: string): INodeProperties => ({
	displayName,
	name,
	type: 'boolean',
	default: true,
	description: `Whether to produce ${what}`,
});

const properties: INodeProperties[] = [
	...audioSourceFields,
	{
		displayName: 'Behavior Preset Names or IDs',
		name: 'behaviorPresets',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getBehaviorPresets' },
		default: [],
		description:
			'Behaviors to detect, from Modulate\'s preset catalog (sent as preset references). Leave empty and add no options to use Modulate\'s built-in default configuration. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	optionsCollection([
		accentSignalField,
		{
			displayName: 'Config (JSON)',
			name: 'configJson',
			type: 'json',
			default: '{}',
			description:
				'A BatchConfig object as in Modulate\'s docs: conversation_types, participant_roles, custom behaviors, default_conversation_type, default_participant_role, stt. The presets and the other options are merged into it and win where both are set.',
		},
		customTermsField,
		deepfakeSignalField,
		emotionSignalField,
		languageField,
		piiPhiTaggingField,
		produceField('Produce Summary', 'produceSummary', 'a summary of the conversation'),
		produceField('Produce Topic Sentiments', 'produceTopicSentiments', "each speaker's sentiment per topic"),
		produceField('Produce Topics', 'produceTopics', 'the topics discussed'),
		speakerDiarizationField,
		...requestOptionFields,
	]),
];

export const description = updateDisplayOptions(forOperation('conversation', 'analyzeConversation'), properties);

function parseConfigJson(this: IExecuteFunctions, itemIndex: number, raw: unknown): IDataObject {
	const invalid = (why: string) =>
		inputError(
			this.getNode(),
			itemIndex,
			`Options → Config (JSON) ${why}`,
			'Give a JSON object such as {"conversation_types": [...], "behaviors": [...]}, or remove the option to use only the presets and options.',
		);
	let value: unknown = raw;
	if (typeof raw === 'string') {
		if (!raw.trim()) return {};
		try {
			value = JSON.parse(raw);
		} catch (error) {
			value = error;
		}
		if (value instanceof Error) throw invalid(`is not valid JSON: ${value.message}`);
	}
	if (value === undefined || value === null) return {};
	if (typeof value !== 'object' || Array.isArray(value)) throw invalid('must be a JSON object');
	const config = value as IDataObject;
	if (config.behaviors !== undefined && !Array.isArray(config.behaviors)) throw invalid('has "behaviors" that is not a list');
	if (config.stt !== undefined && (typeof config.stt !== 'object' || config.stt === null || Array.isArray(config.stt))) {
		throw invalid('has "stt" that is not an object');
	}
	return config;
}

/**
 * The `config` form field: "default" when the user set nothing (Modulate's built-in configuration, which
 * is not the same as an empty object), else their JSON with the presets and the options merged in.
 */
export function buildConfig(
	this: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
	picked: string[] | string,
): string {
	const presets = [...new Set((Array.isArray(picked) ? picked : String(picked).split(',')).map(presetReference))].filter(Boolean);
	const base = parseConfigJson.call(this, itemIndex, options.configJson);

	const stt = setSttFlags(options);
	const language = languageFrom(this, itemIndex, options);
	if (language) stt.language = language;
	const customTerms = customTermsConfig.call(this, itemIndex, termEntries(options));
	if (customTerms.length) stt.custom_terms = customTerms;

	const config: IDataObject = { ...base };
	for (const [option, key] of Object.entries(PRODUCE_FLAGS)) if (options[option] !== undefined) config[key] = options[option];
	if (Object.keys(stt).length) config.stt = { ...(base.stt as IDataObject | undefined), ...stt };
	if (presets.length) {
		const behaviors = (base.behaviors as unknown[] | undefined) ?? [];
		config.behaviors = [...behaviors, ...presets.filter((p) => !behaviors.includes(p))];
	}
	return Object.keys(config).length ? JSON.stringify(config) : 'default';
}

/** Names of the behaviors detected anywhere in the call, for an IF node ("contains Complaint"). */
export function detectedBehaviors(body: IDataObject): string[] {
	const behaviors = (Array.isArray(body.behaviors) ? body.behaviors : []) as IDataObject[];
	return [...new Set(behaviors.filter((b) => b.detected === true).map((b) => String(b.behavior_name)))];
}

/** The preset references an item sends, with the field each came from (for the message). */
function presetReferences(picked: string[] | string, config: string): Array<{ reference: string; field: string }> {
	const fromPicker = (Array.isArray(picked) ? picked : String(picked).split(',')).map(presetReference).filter(Boolean);
	const references = fromPicker.map((reference) => ({ reference, field: '"Behavior Preset Names or IDs"' }));
	if (config === 'default') return references;
	const behaviors = (JSON.parse(config) as IDataObject).behaviors;
	for (const behavior of Array.isArray(behaviors) ? behaviors : []) {
		if (typeof behavior === 'string' && behavior.startsWith('preset:') && !fromPicker.includes(behavior)) {
			references.push({ reference: behavior, field: 'Options → Config (JSON) "behaviors"' });
		}
	}
	return references;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<INodeExecutionData> {
	const source = readAudioSource((name, fallback) => this.getNodeParameter(name, itemIndex, fallback));
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const picked = this.getNodeParameter('behaviorPresets', itemIndex, []) as string[] | string;
	const config = buildConfig.call(this, itemIndex, options, picked);
	const settings = transportSettingsFrom(options);
	const references = presetReferences(picked, config);
	await checkPresets(this, itemIndex, credentials, settings, references);
	const sent = references.map((r) => r.reference);
	const body = await callBatchModel(
		this,
		itemIndex,
		credentials,
		{ source, fields: { config }, settings },
		{
			model: MODEL,
			operation: OPERATION,
			hints: sent.length
				? { badRequest: `Behavior presets sent: ${sent.join(', ')}; the List Presets operation shows the valid identifiers` }
				: undefined,
		},
	);
	return { json: { ...body, detectedBehaviors: detectedBehaviors(body) } };
}
