/**
 * The *Simplify* toggle (n8n's UX guidelines: an answer with more than 10 fields or nested lists gets one,
 * returning at most 10 flat fields) and, per operation value, the function that builds that output from
 * the operation's full output. Operations without an entry answer few flat fields already.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { labelSimplifier, simplifyAiMusic, simplifyMusic } from './analysis';
import { simplifyRecord } from './call';
import { simplifyConversation } from './conversation';
import { simplifySyntheticVoice } from './deepfake';
import { simplifyRedaction } from './redaction';
import { simplifyTranscription } from './transcription';

export type Simplifier = (json: IDataObject) => IDataObject;

export const SIMPLIFIERS: Readonly<Record<string, Simplifier>> = {
	transcribe: simplifyTranscription,
	transcribeStreaming: simplifyTranscription,
	redactPiiPhi: simplifyRedaction,
	redactPiiPhiStreaming: simplifyRedaction,
	detectSyntheticVoice: simplifySyntheticVoice,
	detectSyntheticVoiceStreaming: simplifySyntheticVoice,
	detectEmotion: labelSimplifier('emotion'),
	detectAccent: labelSimplifier('accent'),
	detectMusic: simplifyMusic,
	detectAiMusic: simplifyAiMusic,
	analyzeConversation: simplifyConversation,
	// Off by default (its own field): the record is already the simplified form of five answers.
	analyzeCall: simplifyRecord,
};

const simplifyBase: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

/**
 * On by default, as n8n's guidelines and its node linter want, from node version 1.1. A parameter's
 * default also applies to saved workflows that never set it, so version 1 (every workflow saved before
 * the toggle existed) keeps it off and its expressions keep working. Hidden in tool mode, where the
 * output is always simplified.
 */
export const simplifyFields: INodeProperties[] = [
	{ ...simplifyBase, default: false, displayOptions: { show: { '@version': [1] }, hide: { '@tool': [true] } } },
	{ ...simplifyBase, displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] }, hide: { '@tool': [true] } } },
];
