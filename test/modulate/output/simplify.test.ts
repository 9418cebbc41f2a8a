/**
 * Simplify: every operation whose answer has nested lists gives at most 10 flat fields when the toggle is on,
 * and its full answer when off; the toggle is on by default from node version 1.1 and off at version 1.
 * Through n8n-core's real helpers against the emulator.
 */
import assert from 'node:assert/strict';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { testWav } from '../../emulator/audio';
import { binaryItem } from '../../helpers/n8n';
import { fast, mp3_1, useModulate, useWebSocketClient, wav1, wav2 } from '../support';

const { run } = useModulate();
useWebSocketClient();

const fastStreaming = { retryInitialDelayMs: 5 };

interface Case {
	resource: string;
	operation: string;
	streaming?: boolean;
	item: () => Promise<Awaited<ReturnType<typeof binaryItem>>>;
	/** A key only the raw answer has (a nested list). */
	rawKey: string;
	/** The simplified keys, in order. */
	keys: string[];
	/** What some of the simplified values must be. */
	check?: (json: IDataObject) => void;
}

const wavCall = () => binaryItem(wav1, 'call-01-billing.wav', 'audio/wav');
const streamWav = () => binaryItem(testWav({ durationMs: 9000 }), 'stream.wav', 'audio/wav');
const voiceWav = () => binaryItem(testWav({ durationMs: 22_000, toneRanges: [[0, 12_000], [16_000, 22_000]] }), 'voice.wav', 'audio/wav');
const mp3 = () => binaryItem(mp3_1, 'call-01-billing.mp3', 'audio/mpeg');

const TRANSCRIPT_KEYS = ['transcript', 'durationSeconds', 'speakerCount', 'utteranceCount', 'language', 'languages', 'dominantEmotion', 'dominantAccent', 'maxDeepfakeScore'];
const REDACTION_KEYS = ['transcript', 'redactionCount', 'entityTypes', 'durationSeconds', 'speakerCount', 'utteranceCount', 'language'];
const SYNTHETIC_KEYS = ['verdict', 'isSynthetic', 'maxSyntheticConfidence', 'syntheticSeconds', 'syntheticFrames', 'totalFrames', 'durationSeconds', 'fileName'];

const CASES: Case[] = [
	{
		resource: 'transcription', operation: 'transcribe', item: wavCall, rawKey: 'utterances', keys: TRANSCRIPT_KEYS,
		check: (json) => {
			assert.match(String(json.transcript), /^Speaker 1: .*Acme Bank/);
			assert.equal(json.speakerCount, 2);
			assert.equal(json.language, 'en');
			assert.equal(typeof json.durationSeconds, 'number');
			assert.equal(json.dominantEmotion, null, 'no emotion signal asked for');
		},
	},
	{ resource: 'transcription', operation: 'transcribeStreaming', streaming: true, item: streamWav, rawKey: 'utterances', keys: TRANSCRIPT_KEYS },
	{
		resource: 'redaction', operation: 'redactPiiPhi', item: () => binaryItem(wav2, 'call-02-clinic.wav', 'audio/wav'), rawKey: 'redaction_ranges', keys: REDACTION_KEYS,
		check: (json) => {
			assert.ok((json.redactionCount as number) > 0);
			assert.match(String(json.entityTypes), /^(pii|phi)/);
		},
	},
	{ resource: 'redaction', operation: 'redactPiiPhiStreaming', streaming: true, item: streamWav, rawKey: 'redacted_audio_clips', keys: REDACTION_KEYS },
	{
		resource: 'deepfake', operation: 'detectSyntheticVoice', item: wavCall, rawKey: 'frames', keys: SYNTHETIC_KEYS,
		check: (json) => {
			assert.equal(json.verdict, 'non-synthetic');
			assert.equal(json.isSynthetic, false);
			assert.equal(json.fileName, 'call-01-billing.wav');
		},
	},
	{
		resource: 'deepfake', operation: 'detectSyntheticVoiceStreaming', streaming: true, item: voiceWav, rawKey: 'frames', keys: SYNTHETIC_KEYS,
		check: (json) => {
			assert.equal(json.verdict, 'synthetic');
			assert.equal(json.isSynthetic, true);
			assert.equal(json.syntheticSeconds, 4);
			assert.equal(json.totalFrames, 6);
			assert.equal(json.durationSeconds, 22);
		},
	},
	{ resource: 'analysis', operation: 'detectEmotion', item: wavCall, rawKey: 'time_series', keys: ['emotion', 'windowEmotions', 'windowCount', 'emotionChanges'] },
	{ resource: 'analysis', operation: 'detectAccent', item: wavCall, rawKey: 'time_series', keys: ['accent', 'windowAccents', 'windowCount', 'accentChanges'] },
	{
		resource: 'analysis', operation: 'detectMusic', item: mp3, rawKey: 'frames',
		keys: ['primaryLabel', 'hasMusic', 'musicSeconds', 'speechSeconds', 'musicPercent', 'speechPercent', 'durationSeconds', 'fileName'],
	},
	{
		resource: 'analysis', operation: 'detectAiMusic', item: mp3, rawKey: 'windows',
		keys: ['primaryVerdict', 'isAiMusic', 'vocalAiPercentage', 'vocalAiConfidence', 'instrumentalAiPercentage', 'instrumentalAiConfidence', 'vocalPercentage', 'instrumentalPercentage', 'durationSeconds', 'fileName'],
	},
	{
		resource: 'conversation', operation: 'analyzeConversation', item: wavCall, rawKey: 'clips',
		keys: ['summary', 'conversationType', 'participantRoles', 'detectedBehaviors', 'topics', 'transcript', 'durationSeconds', 'speakerCount', 'clipCount'],
		check: (json) => assert.ok(String(json.transcript).split('\n').length >= 2),
	},
];

const parameters = (c: Case, simplify?: boolean): INodeParameters => ({
	resource: c.resource,
	operation: c.operation,
	...(simplify === undefined ? {} : { simplify }),
	options: c.streaming ? fastStreaming : fast,
});

function assertFlat(json: IDataObject): void {
	assert.ok(Object.keys(json).length <= 10, `${Object.keys(json).length} fields`);
	for (const [key, value] of Object.entries(json)) {
		assert.ok(value === null || ['string', 'number', 'boolean'].includes(typeof value), `${key} is flat (${JSON.stringify(value)})`);
	}
}

describe('Simplify', () => {
	for (const c of CASES) {
		describe(`${c.resource} → ${c.operation}`, () => {
			it('on: at most 10 flat fields, the documented keys in order', async () => {
				const { output } = await run(parameters(c, true), [await c.item()]);
				const json = output[0][0].json as IDataObject;
				assertFlat(json);
				assert.deepEqual(Object.keys(json), c.keys);
				assert.deepEqual(output[0][0].pairedItem, { item: 0 });
				c.check?.(json);
			});

			it('off: the full answer with its nested list', async () => {
				const { output } = await run(parameters(c, false), [await c.item()]);
				const json = output[0][0].json as IDataObject;
				assert.ok(Array.isArray(json[c.rawKey]), `${c.rawKey} is a list`);
			});
		});
	}

	it('is on by default from node version 1.1, and off at version 1 (saved workflows keep their output)', async () => {
		const [transcribe] = CASES;
		const latest = await run(parameters(transcribe), [await transcribe.item()], { typeVersion: 1.1 });
		assert.deepEqual(Object.keys(latest.output[0][0].json), TRANSCRIPT_KEYS);
		const first = await run(parameters(transcribe), [await transcribe.item()], { typeVersion: 1 });
		assert.ok('utterances' in first.output[0][0].json);
	});

	it('keeps the redacted MP3 beside the simplified fields', async () => {
		const { output } = await run(parameters(CASES[2], true), [await CASES[2].item()]);
		assert.equal(output[0][0].binary?.data?.fileName, 'call-02-clinic-redacted.mp3');
	});

	it('leaves operations with small flat answers unchanged (no toggle)', async () => {
		const { output } = await run(
			{ resource: 'analysis', operation: 'detectLanguage', simplify: true, options: fast },
			[await wavCall()],
			{ typeVersion: 1.1 },
		);
		assert.ok('predicted_language_code' in output[0][0].json);
	});
});
