/** The transcript fields of an Analyze Call record, and the subtitle file when one was asked for. */
import type { IBinaryKeyData, IExecuteFunctions } from 'n8n-workflow';
import { buildTranscriptOutput } from '../../output/transcriptOutput';
import type { TranscriptOutputSettings } from '../../output/transcriptOutput';
import type { AnalysisName, AnalysisResults } from './analyses';

interface TranscriptFields {
	transcript: string | null;
	unredactedTranscript?: string | null;
	binary?: IBinaryKeyData;
}

/**
 * The transcript fields: the redacted transcript whenever redaction ran (null when it failed, never the
 * unredacted one in its place), the transcript model's only when there is no redaction or on request.
 */
export async function transcriptFields(
	ctx: IExecuteFunctions,
	analyses: AnalysisName[],
	results: AnalysisResults,
	settings: TranscriptOutputSettings,
	includeUnredacted: boolean,
	fileName: string,
): Promise<TranscriptFields> {
	const redacted = results.redaction?.metadata;
	const stt = results.transcript;
	const source = analyses.includes('redaction') ? redacted : stt;
	const output = source
		? await buildTranscriptOutput(ctx, settings, { utterances: source.utterances, text: source.text, durationMs: source.duration_ms }, fileName)
		: undefined;
	const fields: TranscriptFields = { transcript: output ? output.transcript : null, binary: output?.binary };
	if (includeUnredacted && analyses.includes('transcript') && analyses.includes('redaction')) {
		fields.unredactedTranscript = stt
			? (await buildTranscriptOutput(ctx, { format: settings.format }, { utterances: stt.utterances, text: stt.text, durationMs: stt.duration_ms }, fileName)).transcript
			: null;
	}
	return fields;
}
