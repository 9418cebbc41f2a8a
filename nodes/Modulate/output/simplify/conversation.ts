/**
 * Analyze Conversation: the summary, the picks and the detected behaviors as text a CRM note or a Slack
 * message can take, and the transcript as speaker-labelled lines from the clips.
 */
import type { IDataObject } from 'n8n-workflow';
import { distinctCount, joined, objects, seconds, stringOrNull } from './values';

export function simplifyConversation(json: IDataObject): IDataObject {
	const clips = objects(json.clips).sort((a, b) => Number(a.start_ms ?? 0) - Number(b.start_ms ?? 0));
	const pick = json.conversation_type_pick && typeof json.conversation_type_pick === 'object'
		? (json.conversation_type_pick as IDataObject)
		: {};
	const roles = objects(json.participant_role_picks).map((role) => `${String(role.speaker_label ?? '?')}: ${String(role.name ?? '?')}`);
	const detected = Array.isArray(json.detectedBehaviors) ? (json.detectedBehaviors as string[]) : [];
	const topics = Array.isArray(json.topics) ? json.topics.map(String) : [];
	return {
		summary: stringOrNull(json.summary),
		conversationType: stringOrNull(pick.name),
		participantRoles: joined(roles),
		detectedBehaviors: joined(detected),
		topics: joined(topics),
		transcript: clips
			.filter((clip) => String(clip.text ?? '').trim())
			.map((clip) => `${String(clip.speaker_label ?? 'Speaker')}: ${String(clip.text).trim()}`)
			.join('\n'),
		durationSeconds: seconds(json.duration_ms),
		speakerCount: distinctCount(clips, 'speaker_label'),
		clipCount: clips.length,
	};
}
