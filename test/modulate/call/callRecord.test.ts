/**
 * The record builder and its parts as units: answers with fields missing (as Modulate's doc versions
 * allow), speakers from labels, silence from overlapping utterances, and the privacy masker.
 */
import assert from 'node:assert/strict';
import { behaviorKey, buildCallRecord } from '../../../nodes/Modulate/actions/call/callRecord';
import { simplifyRecord } from '../../../nodes/Modulate/output/simplify/call';
import { MASK, maskDeep, masker, taggedValues } from '../../../nodes/Modulate/actions/call/privacy';
import { silenceSeconds, speakerStats, turnsFrom } from '../../../nodes/Modulate/actions/call/speakers';

describe('Analyze Call record builder', () => {
	it('copes with answers that leave fields out: no speaker, no emotion, no summary', () => {
		const record = buildCallRecord({
			fileName: 'a.wav',
			analyses: ['transcript', 'conversation'],
			results: {
				transcript: { text: 'Hi. Hello.', duration_ms: 10_000, utterances: [{ text: 'Hi.', start_ms: 0, duration_ms: 2000 }, { text: 'Hello.', start_ms: 1000, duration_ms: 3000 }] },
				conversation: { duration_ms: 10_000, clips: [], behaviors: [] },
			},
			transcript: 'Speaker: Hi.',
			behaviors: [{ identifier: 'complaints' }],
		});
		assert.equal(record.speakerCount, 1);
		assert.equal(record.silenceSeconds, 6, 'overlapping utterances count once');
		assert.equal((record.speakers as Array<Record<string, unknown>>)[0].dominantEmotion, null);
		assert.equal(record.summary, null);
		assert.deepEqual(record.topics, []);
		assert.equal(record.conversationType, null);
		assert.equal(record.agentTalkShare, null);
		assert.equal(record.behavior_complaints, false);
		assert.equal(record.language, null);
	});

	it('a failed analysis gives null fields; Simplify keeps ten at most', () => {
		const record = buildCallRecord({ fileName: 'a.wav', analyses: ['syntheticVoice', 'redaction'], results: {}, transcript: null, behaviors: [] });
		assert.equal(record.syntheticVerdict, null);
		assert.equal(record.redactionCount, null);
		assert.equal(record.speakers, null);
		assert.equal(record.durationSeconds, null);
		assert.ok(Object.keys(simplifyRecord({ ...record, errors: { x: 1 } })).length <= 10);
	});

	it('speakers from conversation clip labels, dominant emotion by time', () => {
		const turns = turnsFrom([
			{ speaker_label: 'Speaker 2', start_ms: 0, duration_ms: 1000, emotion: 'Angry' },
			{ speaker_label: 'Speaker 2', start_ms: 1000, duration_ms: 3000, emotion: 'Calm' },
			{ speaker_label: 'Speaker 1', start_ms: 4000, duration_ms: 4000 },
		]);
		const stats = speakerStats(turns, new Map([[2, 'customer']]));
		assert.deepEqual(stats.map((s) => [s.speaker, s.role, s.talkShare, s.dominantEmotion]), [
			[1, null, 0.5, null],
			[2, 'customer', 0.5, 'Calm'],
		]);
		assert.equal(silenceSeconds(turns, 10_000), 2);
	});

	it('behavior keys keep the preset identifier', () => {
		assert.equal(behaviorKey('preset:escalation_request'), 'behavior_escalation_request');
		assert.equal(behaviorKey('odd-name.v2'), 'behavior_odd_name_v2');
	});
});

describe('Analyze Call privacy masker', () => {
	it('empties tags and masks tagged values wherever they appear', () => {
		const values = taggedValues({ utterances: [{ text: 'my name is <pii:name>John Smith</pii:name>, born <pii:date>May 1</pii:date>' }] });
		const mask = masker(values);
		assert.equal(mask('Hi <pii:name>John</pii:name>'), 'Hi <pii:name></pii:name>');
		assert.equal(mask('John called about May 1.'), `${MASK} called about ${MASK}.`);
		assert.deepEqual(maskDeep({ a: ['Smith'], n: 3 }, mask), { a: [MASK], n: 3 });
	});
});
