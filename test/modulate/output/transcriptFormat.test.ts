/** Transcript formats built from utterances: what each format prints, and how gaps in an answer are handled. */
import assert from 'node:assert/strict';
import { formatTranscript, utterancesFrom } from '../../../nodes/Modulate/output/transcriptFormat';

const utterances = utterancesFrom([
	{ text: ' Thanks for calling. ', start_ms: 0, duration_ms: 1500, speaker: 1 },
	{ text: 'Hi, my bill is wrong.', start_ms: 3_661_250, duration_ms: 0, speaker: 2 },
	{ text: '', start_ms: 2000, duration_ms: 100, speaker: 1 },
	{ start_ms: 2500 },
]);

describe('transcript formats', () => {
	it('reads utterances, dropping empty ones and keeping order by start', () => {
		assert.deepEqual(utterances.map((u) => u.text), ['Thanks for calling.', 'Hi, my bill is wrong.']);
	});

	it('plain and speaker-labelled text', () => {
		assert.equal(formatTranscript('text', utterances), 'Thanks for calling. Hi, my bill is wrong.');
		assert.equal(formatTranscript('speakerText', utterances), 'Speaker 1: Thanks for calling.\nSpeaker 2: Hi, my bill is wrong.');
	});

	it('SRT with comma milliseconds, numbered cues and a minimum cue length', () => {
		assert.equal(
			formatTranscript('srt', utterances),
			'1\n00:00:00,000 --> 00:00:01,500\nSpeaker 1: Thanks for calling.\n\n2\n01:01:01,250 --> 01:01:01,750\nSpeaker 2: Hi, my bill is wrong.\n',
		);
	});

	it('WebVTT with its header and dot milliseconds', () => {
		assert.equal(
			formatTranscript('vtt', utterances),
			'WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nSpeaker 1: Thanks for calling.\n\n01:01:01.250 --> 01:01:01.750\nSpeaker 2: Hi, my bill is wrong.\n',
		);
	});

	it('answers without utterances (fast models) use their text over the whole duration', () => {
		assert.equal(formatTranscript('text', [], ' Hello there. '), 'Hello there.');
		assert.equal(formatTranscript('srt', [], 'Hello there.', 2000), '1\n00:00:00,000 --> 00:00:02,000\nHello there.\n');
		assert.equal(formatTranscript('vtt', [], ''), 'WEBVTT\n\n');
	});
});

describe('transcript output settings', () => {
	it('default to speaker-labelled text and write a subtitle file only for SRT/WebVTT when asked', async () => {
		const { transcriptOutputFrom } = await import('../../../nodes/Modulate/output/transcriptOutput');
		assert.deepEqual(transcriptOutputFrom({}), { format: 'speakerText', subtitleProperty: undefined });
		assert.deepEqual(transcriptOutputFrom({ transcriptFormat: 'text', subtitleFile: true }), { format: 'text', subtitleProperty: undefined });
		assert.deepEqual(transcriptOutputFrom({ transcriptFormat: 'vtt', subtitleFile: true }), { format: 'vtt', subtitleProperty: 'subtitles' });
		assert.deepEqual(transcriptOutputFrom({ transcriptFormat: 'srt', subtitleFile: true, subtitleBinaryProperty: ' subs ' }), { format: 'srt', subtitleProperty: 'subs' });
	});
});
