/**
 * The Analyze Call record: one flat object per call, with stable keys a CRM, Slack or IF node can map
 * directly. Every key is documented in the README ("Analyze Call record"). Keys of an analysis that was not
 * chosen are left out; keys of a chosen analysis that failed (Keep Other Results) are null.
 */
import type { IDataObject } from 'n8n-workflow';
import { summarizeFrames } from '../deepfake/syntheticFrames';
import type { SyntheticFrame } from '../deepfake/syntheticFrames';
import { detectedBehaviors } from '../conversation/analyzeConversation.operation';
import { redactionSummary } from '../redaction/redactionSummary';
import type { AnalysisName, AnalysisResults } from './analyses';
import { dominant, silenceSeconds, speakerNumber, speakerStats, turnsFrom } from './speakers';
import type { SpeakerTurn } from './speakers';

/** A chosen behavior preset: its identifier and, when the catalog could be read, its display name. */
export interface ChosenBehavior {
	identifier: string;
	name?: string;
}

export interface RecordInput {
	fileName: string;
	analyses: AnalysisName[];
	results: AnalysisResults;
	/** The formatted transcript (redacted when redaction ran); null when no transcript could be made. */
	transcript: string | null;
	/** Only when the user asked for it. */
	unredactedTranscript?: string | null;
	behaviors: ChosenBehavior[];
	/** Masks personal data in free text (summary, topics) when the record is private. */
	mask?: (text: string) => string;
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The key a chosen behavior's boolean is written under: `behavior_<identifier>`. */
export function behaviorKey(identifier: string): string {
	return `behavior_${identifier.replace(/^preset:/, '').replace(/[^A-Za-z0-9_]/g, '_')}`;
}

const normalized = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');

function durationMsOf(results: AnalysisResults): number | null {
	const candidates = [
		results.transcript?.duration_ms,
		results.redaction?.metadata.duration_ms,
		results.syntheticVoice?.duration_ms,
		results.conversation?.duration_ms,
		results.language?.duration_ms,
	];
	const found = candidates.find((value) => typeof value === 'number' && Number.isFinite(value));
	return typeof found === 'number' ? found : null;
}

/** Timed turns from the richest answer: the transcript's (emotion, accent), else redaction's, else the clips. */
function turnsOf(results: AnalysisResults): SpeakerTurn[] | null {
	if (results.transcript) return turnsFrom(results.transcript.utterances);
	if (results.redaction) return turnsFrom(results.redaction.metadata.utterances);
	if (results.conversation) return turnsFrom(results.conversation.clips);
	return null;
}

/** Speaker number → role ("agent", "customer", …) from the conversation model's picks. */
function rolesOf(conversation: IDataObject | undefined): Map<number, string> {
	const roles = new Map<number, string>();
	const picks = Array.isArray(conversation?.participant_role_picks) ? (conversation.participant_role_picks as IDataObject[]) : [];
	for (const pick of picks) {
		if (pick && typeof pick.name === 'string' && pick.name) roles.set(speakerNumber(pick.speaker_label), pick.name.toLowerCase());
	}
	return roles;
}

function chosen(input: RecordInput, name: AnalysisName): boolean {
	return input.analyses.includes(name);
}

export function buildCallRecord(input: RecordInput): IDataObject {
	const { results } = input;
	const mask = input.mask ?? ((text: string) => text);
	const durationMs = durationMsOf(results);
	const turns = turnsOf(results);
	const roles = rolesOf(results.conversation);
	const speakers = turns ? speakerStats(turns, roles) : null;

	const record: IDataObject = {
		fileName: input.fileName,
		analyses: [...input.analyses],
		durationSeconds: durationMs === null ? null : round(durationMs / 1000),
		language:
			(typeof results.language?.predicted_language_code === 'string' ? results.language.predicted_language_code : null) ??
			(turns ? dominant(turns, (turn) => turn.language) : null),
		speakerCount: speakers ? speakers.length : null,
		silenceSeconds: turns && durationMs !== null ? silenceSeconds(turns, durationMs) : null,
		speakers,
	};

	if (chosen(input, 'conversation')) {
		const share = (role: string) =>
			results.conversation && speakers
				? ((shares) => (shares.length ? round(shares.reduce((a, b) => a + b, 0)) : null))(
						speakers.filter((s) => s.role === role).map((s) => s.talkShare),
					)
				: null;
		record.agentTalkShare = share('agent');
		record.customerTalkShare = share('customer');
	}

	if (chosen(input, 'transcript') || chosen(input, 'redaction')) record.transcript = input.transcript;
	if (input.unredactedTranscript !== undefined) record.unredactedTranscript = input.unredactedTranscript;

	if (chosen(input, 'redaction')) {
		const summary = results.redaction ? redactionSummary(results.redaction.metadata) : undefined;
		record.redactionCount = summary ? (summary.redactionCount as number) : null;
		record.redactedEntityTypes = summary ? Object.keys(summary.redactedEntities as IDataObject).sort() : null;
	}

	if (chosen(input, 'syntheticVoice')) {
		const frames = results.syntheticVoice && Array.isArray(results.syntheticVoice.frames) ? (results.syntheticVoice.frames as SyntheticFrame[]) : undefined;
		const summary = frames ? summarizeFrames(frames) : undefined;
		record.syntheticVerdict = summary ? (summary.verdict as string) : null;
		record.isSynthetic = summary ? summary.verdict === 'synthetic' : null;
		record.syntheticConfidence = summary ? (summary.maxSyntheticConfidence as number) : null;
		record.syntheticSeconds = summary ? (summary.syntheticSeconds as number) : null;
	}

	if (chosen(input, 'conversation')) {
		const body = results.conversation;
		const pick = body?.conversation_type_pick as IDataObject | null | undefined;
		record.conversationType = pick && typeof pick.name === 'string' ? pick.name : null;
		record.summary = body && typeof body.summary === 'string' ? mask(body.summary) : null;
		record.topics = body ? (Array.isArray(body.topics) ? body.topics.map((t) => mask(String(t))) : []) : null;
		record.detectedBehaviors = body ? detectedBehaviors(body) : null;
		const answered = (Array.isArray(body?.behaviors) ? (body.behaviors as IDataObject[]) : []).filter(
			(b) => b && typeof b.behavior_name === 'string',
		);
		for (const behavior of input.behaviors) {
			const names = [normalized(behavior.identifier), ...(behavior.name ? [normalized(behavior.name)] : [])];
			const found = answered.find((b) => names.includes(normalized(String(b.behavior_name))));
			record[behaviorKey(behavior.identifier)] = body ? found?.detected === true : null;
		}
	}

	if (chosen(input, 'language')) {
		const body = results.language;
		record.languageName = body && typeof body.predicted_language === 'string' ? body.predicted_language : null;
		record.languageConfidence = body && typeof body.confidence === 'number' ? body.confidence : null;
	}
	return record;
}
