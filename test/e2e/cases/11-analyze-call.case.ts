/**
 * Analyze Call in real n8n beyond the example: every transcript format (the subtitle files uploaded by an
 * HTTP node), Simplify, and Keep Other Results with a model the key may not use.
 */
import assert from 'node:assert/strict';
import { assertSucceeded, out, pairedIndex, type E2ECase } from '../lib/cases';
import { download, manualTrigger, modulate, uploadBinary, workflow } from '../lib/workflow';

const call = (name: string, params: Record<string, unknown>) => modulate(name, 'call', 'analyzeCall', params);

const c: E2ECase = {
	id: 'e2eAnalyzeCall01',
	title: 'Analyze Call: transcript formats with subtitle files, Simplify, keep other results',
	covers: ['modulate.analyzeCall'],
	workflow: ({ sink }) =>
		workflow(c.id, 'E2E: Analyze Call', [
			manualTrigger('Start'),
			download('Download call 01', `${sink.url}/recordings/call-01-billing.mp3`),
			call('Plain text', { options: { transcriptFormat: 'text' } }),
			call('Speaker lines, simplified', { simplify: true, analyses: ['transcript', 'redaction', 'syntheticVoice', 'conversation', 'language'] }),
			call('SRT', { options: { transcriptFormat: 'srt', subtitleFile: true } }),
			call('WebVTT', { options: { transcriptFormat: 'vtt', subtitleFile: true, subtitleBinaryProperty: 'captions' } }),
			uploadBinary('Upload SRT', `${sink.url}/upload/srt`, 'subtitles'),
			uploadBinary('Upload VTT', `${sink.url}/upload/vtt`, 'captions'),
			call('Keep other results', {
				analyses: ['transcript', 'redaction', 'syntheticVoice', 'language'],
				options: { onAnalysisError: 'keepOthers', language: 'xx' },
			}),
		], [
			['Start', 'Download call 01'],
			['Download call 01', 'Plain text'],
			['Download call 01', 'Speaker lines, simplified'],
			['Download call 01', 'SRT'],
			['Download call 01', 'WebVTT'],
			['SRT', 'Upload SRT'],
			['WebVTT', 'Upload VTT'],
			['Download call 01', 'Keep other results'],
		]),
	check(run, ctx) {
		assertSucceeded(run);

		const [text] = out(run, 'Plain text');
		assert.equal(pairedIndex(text), 0);
		assert.match(text.json.transcript, /^Thank you for calling Acme Bank, this is <pii:name><\/pii:name>\./);

		const [simple] = out(run, 'Speaker lines, simplified');
		const keys = Object.keys(simple.json);
		assert.ok(keys.length <= 10, keys.join(', '));
		assert.match(simple.json.transcript, /^Speaker 1: /);
		assert.equal(simple.json.language, 'en');
		assert.equal(typeof simple.json.summary, 'string');

		const [srt] = out(run, 'SRT');
		assert.match(srt.json.transcript, /^1\n00:00:00,000 --> /);
		assert.equal(srt.binary?.subtitles?.fileName, 'call-01-billing.srt');
		const [vtt] = out(run, 'WebVTT');
		assert.match(vtt.json.transcript, /^WEBVTT\n\n00:00:00\.000 --> /);
		assert.equal(vtt.binary?.captions?.fileName, 'call-01-billing.vtt');
		for (const [path, name, type] of [['/upload/srt', 'call-01-billing.srt', 'application/x-subrip'], ['/upload/vtt', 'call-01-billing.vtt', 'text/vtt']]) {
			const [upload] = ctx.posted(path);
			const part = upload?.parts?.find((p) => p.name === 'file');
			assert.ok(part, `${path}: a file part`);
			assert.equal(part.fileName, name);
			assert.match(part.contentType ?? '', new RegExp(type.replace('/', '\\/')));
			assert.ok(part.size > 100, `${path}: subtitle bytes arrived`);
		}

		// The language hint "xx" is refused by the transcript and redaction models only (400): their fields are
		// null with errors.<analysis>; the other two analyses are kept.
		const [kept] = out(run, 'Keep other results');
		assert.equal(kept.json.transcript, null);
		assert.equal(kept.json.redactionCount, null);
		assert.deepEqual(Object.keys(kept.json.errors).sort(), ['redaction', 'transcript']);
		assert.match(kept.json.errors.transcript.message, /transcript analysis/);
		assert.equal(kept.json.errors.transcript.retryable, false);
		assert.equal(kept.json.syntheticVerdict, 'non-synthetic');
		assert.equal(kept.json.language, 'en');
	},
};

export default c;
