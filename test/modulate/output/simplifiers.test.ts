/** The simplifiers as units: how they pick and flatten, and that a missing value is null, never a missing key. */
import assert from 'node:assert/strict';
import { SIMPLIFIERS } from '../../../nodes/Modulate/output/simplify';
import { simplifyConversation } from '../../../nodes/Modulate/output/simplify/conversation';
import { simplifyRedaction } from '../../../nodes/Modulate/output/simplify/redaction';
import { simplifyTranscription } from '../../../nodes/Modulate/output/simplify/transcription';

describe('simplifiers', () => {
	it('Transcribe: language by speaking time, signals when present, the formatted transcript', () => {
		const json = simplifyTranscription({
			text: 'hola hello there',
			duration_ms: 12_345,
			transcript: 'Speaker 1: hola\nSpeaker 2: hello there',
			utterances: [
				{ text: 'hola', start_ms: 0, duration_ms: 1000, speaker: 1, language: 'es', emotion: 'Happy', deepfake_score: 0.2 },
				{ text: 'hello there', start_ms: 1000, duration_ms: 5000, speaker: 2, language: 'en', emotion: 'Neutral', deepfake_score: 0.7 },
			],
		});
		assert.deepEqual(json, {
			transcript: 'Speaker 1: hola\nSpeaker 2: hello there',
			durationSeconds: 12.345,
			speakerCount: 2,
			utteranceCount: 2,
			language: 'en',
			languages: 'en, es',
			dominantEmotion: 'Neutral',
			dominantAccent: null,
			maxDeepfakeScore: 0.7,
		});
	});

	it('every simplifier answers an empty answer with the same keys, no value missing', () => {
		for (const [operation, simplify] of Object.entries(SIMPLIFIERS)) {
			// Analyze Call's record already holds exactly the keys of the chosen analyses (callRecord.test.ts).
			if (operation === 'analyzeCall') continue;
			const json = simplify({});
			assert.ok(Object.keys(json).length > 0 && Object.keys(json).length <= 10, operation);
			for (const [key, value] of Object.entries(json)) assert.notEqual(value, undefined, `${operation}.${key}`);
		}
	});

	it('Redact PII/PHI: entity types sorted and comma-separated', () => {
		const json = simplifyRedaction({ text: 'x', redactionCount: 3, redactedEntities: { 'pii:name': 2, phi: 1 }, utterances: [] });
		assert.equal(json.entityTypes, 'phi, pii:name');
		assert.equal(json.transcript, 'x', 'the text when no transcript format was applied');
	});

	it('Analyze Conversation: roles, behaviors and topics as text; clips as speaker lines in time order', () => {
		const json = simplifyConversation({
			duration_ms: 4000,
			summary: 'A refund.',
			conversation_type_pick: { name: 'Support' },
			participant_role_picks: [{ speaker_label: 'speaker_1', name: 'Agent' }, { speaker_label: 'speaker_2', name: 'Customer' }],
			detectedBehaviors: ['Complaint'],
			topics: ['billing', 'refund'],
			clips: [
				{ text: 'I want a refund.', start_ms: 2000, speaker_label: 'speaker_2' },
				{ text: 'Hello.', start_ms: 0, speaker_label: 'speaker_1' },
			],
		});
		assert.deepEqual(json, {
			summary: 'A refund.',
			conversationType: 'Support',
			participantRoles: 'speaker_1: Agent, speaker_2: Customer',
			detectedBehaviors: 'Complaint',
			topics: 'billing, refund',
			transcript: 'speaker_1: Hello.\nspeaker_2: I want a refund.',
			durationSeconds: 4,
			speakerCount: 2,
			clipCount: 2,
		});
	});
});
