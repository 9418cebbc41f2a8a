/**
 * The analyses Analyze Call can run, each against its own model, with plain values only: the operation
 * reads its parameters once and hands every runner the same audio (reopened per request) and settings.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { FormFields } from '../../transport/multipart';
import type { AudioInput } from '../../../shared/binary';
import type { ItemCredentials } from '../../../shared/transport/credentials';
import type { TransportSettings } from '../../../shared/transport/request';
import type { RedactionPadding } from '../../options/redaction';
import type { RedactionAnswer } from '../../transport/answers';
import { postBatch } from '../../transport/batch';
import { checkPresets } from '../conversation/presets';
import { redactBatch } from '../redaction/redactBatch';

export type AnalysisName = 'transcript' | 'redaction' | 'syntheticVoice' | 'conversation' | 'language';

/** In the order results and errors are reported. */
export const ANALYSIS_ORDER: AnalysisName[] = ['transcript', 'redaction', 'syntheticVoice', 'conversation', 'language'];

export const ANALYSIS_MODELS: Record<AnalysisName, string> = {
	transcript: 'velma-2-stt-batch',
	redaction: 'velma-2-pii-phi-redaction-batch',
	syntheticVoice: 'velma-2-synthetic-voice-detection-batch',
	conversation: 'velma-2-batch',
	language: 'velma-2-language-detection-batch',
};

/** How an analysis is named in messages, so a failure says which one failed. */
export function analysisOperation(name: AnalysisName): string {
	return `Analyze Call, ${name} analysis`;
}

export interface CallRequest {
	audio: AudioInput;
	settings: TransportSettings;
	/** Speech-to-text form fields (flags, language, config) for the transcript model. */
	sttFields: FormFields;
	language: string | undefined;
	padding: RedactionPadding;
	/** The conversation model's `config` field and the preset references it carries. */
	conversationConfig: string;
	presetReferences: Array<{ reference: string; field: string }>;
}

export interface AnalysisResults {
	transcript?: IDataObject;
	redaction?: RedactionAnswer;
	syntheticVoice?: IDataObject;
	conversation?: IDataObject;
	language?: IDataObject;
}

type Runner = (ctx: IExecuteFunctions, itemIndex: number, credentials: ItemCredentials, request: CallRequest) => Promise<unknown>;

async function json(
	ctx: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
	request: CallRequest,
	name: AnalysisName,
	fields: FormFields,
	hints?: { badRequest: string },
): Promise<IDataObject> {
	const response = await postBatch<IDataObject>(
		ctx,
		itemIndex,
		credentials,
		{ audio: request.audio, fields, settings: request.settings },
		{ model: ANALYSIS_MODELS[name], operation: analysisOperation(name), hints },
	);
	return response.body;
}

const RUNNERS: Record<AnalysisName, Runner> = {
	transcript: async (ctx, i, c, r) => await json(ctx, i, c, r, 'transcript', r.sttFields),
	redaction: async (ctx, i, c, r) =>
		await redactBatch(ctx, i, c, {
			audio: r.audio,
			settings: r.settings,
			speakerDiarization: true,
			padding: r.padding,
			language: r.language,
			operation: analysisOperation('redaction'),
		}),
	syntheticVoice: async (ctx, i, c, r) => await json(ctx, i, c, r, 'syntheticVoice', {}),
	conversation: async (ctx, i, c, r) => {
		await checkPresets(ctx, i, c, r.settings, r.presetReferences);
		const sent = r.presetReferences.map((p) => p.reference);
		return await json(ctx, i, c, r, 'conversation', { config: r.conversationConfig }, sent.length
			? { badRequest: `Behavior presets sent: ${sent.join(', ')}; the List Presets operation shows the valid identifiers` }
			: undefined);
	},
	language: async (ctx, i, c, r) => await json(ctx, i, c, r, 'language', {}),
};

export interface AnalysisOutcomes {
	results: AnalysisResults;
	/** Each failed analysis with what it threw, in ANALYSIS_ORDER. */
	failures: Array<{ name: AnalysisName; error: unknown }>;
}

/**
 * Every chosen analysis at once, each to its own model. All of them are waited for, even after one fails,
 * so no request of this item is still running when the item is reported.
 */
export async function runAnalyses(
	ctx: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
	analyses: AnalysisName[],
	request: CallRequest,
): Promise<AnalysisOutcomes> {
	const chosen = ANALYSIS_ORDER.filter((name) => analyses.includes(name));
	const settled = await Promise.allSettled(chosen.map(async (name) => await RUNNERS[name](ctx, itemIndex, credentials, request)));
	const results: Record<string, unknown> = {};
	const failures: AnalysisOutcomes['failures'] = [];
	settled.forEach((outcome, index) => {
		if (outcome.status === 'fulfilled') results[chosen[index]] = outcome.value;
		else failures.push({ name: chosen[index], error: outcome.reason });
	});
	return { results: results as AnalysisResults, failures };
}
