/**
 * Outputs people can use, in real n8n: Simplify (on by toggle at version 1, on by default at version 1.1, off
 * keeping the raw answer) and every transcript format (plain, speaker-labelled, SRT, WebVTT) on the batch and
 * streaming operations that have it, with a subtitle file going on to an upload node beside the redacted MP3.
 */
import assert from 'node:assert/strict';
import { assertSucceeded, out, type E2ECase } from '../lib/cases';
import { CRED, PKG, download, manualTrigger, modulate, node, uploadBinary, workflow } from '../lib/workflow';

const fastStreaming = { pacing: 'fast' };

const c: E2ECase = {
	id: 'e2eOutputsFormats001',
	title: 'Simplify and transcript formats (text, speaker lines, SRT, WebVTT, subtitle files) through real n8n',
	covers: [
		'modulate.transcribe',
		'modulate.transcribeStreaming',
		'modulate.redactPiiPhi',
		'modulate.redactPiiPhiStreaming',
		'modulate.detectSyntheticVoice',
		'modulate.analyzeConversation',
	],
	workflow: ({ sink }) =>
		workflow(c.id, 'E2E: simplified outputs and transcript formats', [
			manualTrigger('Start'),
			download('Download call 01', `${sink.url}/recordings/call-01-billing.mp3`),
			download('Download call 02 (WAV)', `${sink.url}/recordings/call-02-clinic.wav`),
			modulate('Transcribe (simplified, text)', 'transcription', 'transcribe', { simplify: true, options: { transcriptFormat: 'text' } }),
			node('Transcribe (v1.1 defaults)', `${PKG}.modulate`, 1.1, { resource: 'transcription', operation: 'transcribe', options: {} }, {
				credentials: { modulateApi: CRED.models },
			}),
			modulate('Transcribe (SRT file)', 'transcription', 'transcribe', { options: { transcriptFormat: 'srt', subtitleFile: true } }),
			uploadBinary('Upload subtitles', `${sink.url}/upload-subtitles`, 'subtitles'),
			modulate('Redact PII/PHI (simplified, VTT file)', 'redaction', 'redactPiiPhi', {
				simplify: true,
				options: { transcriptFormat: 'vtt', subtitleFile: true, subtitleBinaryProperty: 'captions' },
			}),
			modulate('Detect Synthetic Voice (simplified)', 'deepfake', 'detectSyntheticVoice', { simplify: true }),
			modulate('Analyze Conversation (simplified)', 'conversation', 'analyzeConversation', { simplify: true }),
			modulate('Transcribe (Streaming) VTT, raw', 'transcription', 'transcribeStreaming', { options: { ...fastStreaming, transcriptFormat: 'vtt' } }),
			modulate('Redact PII/PHI (Streaming) simplified', 'redaction', 'redactPiiPhiStreaming', { simplify: true, options: { ...fastStreaming } }),
		], [
			['Start', 'Download call 01'],
			['Start', 'Download call 02 (WAV)'],
			['Download call 01', 'Transcribe (simplified, text)'],
			['Download call 01', 'Transcribe (v1.1 defaults)'],
			['Download call 01', 'Transcribe (SRT file)'],
			['Transcribe (SRT file)', 'Upload subtitles'],
			['Download call 01', 'Redact PII/PHI (simplified, VTT file)'],
			['Download call 01', 'Detect Synthetic Voice (simplified)'],
			['Download call 01', 'Analyze Conversation (simplified)'],
			['Download call 02 (WAV)', 'Transcribe (Streaming) VTT, raw'],
			['Download call 02 (WAV)', 'Redact PII/PHI (Streaming) simplified'],
		]),
	check(run, ctx) {
		assertSucceeded(run);
		const flat = (json: Record<string, unknown>, keys: string[]) => {
			assert.deepEqual(Object.keys(json), keys);
			for (const [key, value] of Object.entries(json)) {
				assert.ok(value === null || ['string', 'number', 'boolean'].includes(typeof value), `${key} is flat`);
			}
		};
		const transcriptKeys = ['transcript', 'durationSeconds', 'speakerCount', 'utteranceCount', 'language', 'languages', 'dominantEmotion', 'dominantAccent', 'maxDeepfakeScore'];
		const redactionKeys = ['transcript', 'redactionCount', 'entityTypes', 'durationSeconds', 'speakerCount', 'utteranceCount', 'language'];

		// Simplify by toggle (v1) with plain text; and by default at v1.1 with speaker lines.
		const [plain] = out(run, 'Transcribe (simplified, text)');
		flat(plain.json, transcriptKeys);
		assert.match(plain.json.transcript, /Acme Bank/);
		assert.doesNotMatch(plain.json.transcript, /Speaker \d/);
		assert.equal(plain.json.speakerCount, 2);
		const [latest] = out(run, 'Transcribe (v1.1 defaults)');
		flat(latest.json, transcriptKeys);
		assert.match(latest.json.transcript, /^Speaker 1: .+\nSpeaker 2: /);

		// SRT at v1 with Simplify off: the raw answer plus `transcript`, and the file into an upload node.
		const [srt] = out(run, 'Transcribe (SRT file)');
		assert.ok(Array.isArray(srt.json.utterances), 'raw answer kept');
		assert.match(srt.json.transcript, /^1\n\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}\nSpeaker \d: /);
		assert.equal(srt.binary?.subtitles?.fileName, 'call-01-billing.srt');
		assert.equal(srt.binary?.subtitles?.mimeType, 'application/x-subrip');
		const [upload] = ctx.posted('/upload-subtitles');
		const part = upload.parts?.find((p) => p.name === 'file');
		assert.ok(part, 'the upload carried the subtitle file');
		assert.equal(part.fileName, 'call-01-billing.srt');
		assert.equal(part.size, Buffer.byteLength(srt.json.transcript, 'utf8'), 'the file is the transcript field');

		// Redaction simplified, the WebVTT file beside the redacted MP3.
		const [red] = out(run, 'Redact PII/PHI (simplified, VTT file)');
		flat(red.json, redactionKeys);
		assert.match(red.json.transcript, /^WEBVTT\n\n/);
		assert.ok(red.json.redactionCount > 0);
		assert.equal(red.binary?.data?.fileName, 'call-01-billing-redacted.mp3');
		assert.equal(red.binary?.captions?.fileName, 'call-01-billing.vtt');
		assert.equal(red.binary?.captions?.mimeType, 'text/vtt');

		const [det] = out(run, 'Detect Synthetic Voice (simplified)');
		flat(det.json, ['verdict', 'isSynthetic', 'maxSyntheticConfidence', 'syntheticSeconds', 'syntheticFrames', 'totalFrames', 'durationSeconds', 'fileName']);
		assert.equal(det.json.fileName, 'call-01-billing.mp3');
		const [conv] = out(run, 'Analyze Conversation (simplified)');
		flat(conv.json, ['summary', 'conversationType', 'participantRoles', 'detectedBehaviors', 'topics', 'transcript', 'durationSeconds', 'speakerCount', 'clipCount']);

		// Streaming: WebVTT on the raw answer; redaction simplified with its MP3.
		const [stt] = out(run, 'Transcribe (Streaming) VTT, raw');
		assert.ok(Array.isArray(stt.json.utterances));
		assert.match(stt.json.transcript, /^WEBVTT\n\n\d{2}:\d{2}:\d{2}\.\d{3} --> /);
		assert.equal(stt.json.transcript.match(/ --> /g)?.length, stt.json.utterances.length);
		const [sred] = out(run, 'Redact PII/PHI (Streaming) simplified');
		flat(sred.json, redactionKeys);
		assert.match(sred.json.transcript, /^Speaker \d: /);
		assert.equal(sred.binary?.data?.mimeType, 'audio/mpeg');
	},
};

export default c;
