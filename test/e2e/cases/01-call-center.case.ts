/** The call-center example, as shipped, with Slack/HubSpot/Salesforce and storage pointed at the sink. */
import assert from 'node:assert/strict';
import { assertSucceeded, out, pairedIndex, type E2ECase } from '../lib/cases';
import { e2eCopy, loadExample } from '../lib/workflow';

const example = loadExample('call-center-pipeline.json');

const c: E2ECase = {
	id: `${example.id}E2E`,
	title: 'example: call-center pipeline (transcribe, redact, detect, alert, CRM)',
	covers: ['modulate.transcribe', 'modulate.redactPiiPhi', 'modulate.detectSyntheticVoice'],
	workflow: ({ sink }) => e2eCopy(example, { sinkUrl: sink.url }),
	check(run, ctx) {
		assertSucceeded(run);
		const calls = ['call-01-billing', 'call-02-clinic', 'call-03-urgent-transfer'];

		// Transcribe: speakers and emotion requested, one item per call, in order, paired.
		const transcripts = out(run, 'Transcribe');
		assert.equal(transcripts.length, 3);
		transcripts.forEach((t, i) => {
			assert.equal(pairedIndex(t), i);
			assert.ok(t.json.text.length > 20, 'a transcript text');
			assert.ok(t.json.utterances.length >= 2);
			assert.ok(t.json.utterances.every((u: { speaker: unknown; emotion: unknown }) => typeof u.speaker === 'number' && typeof u.emotion === 'string'));
		});
		const stt = ctx.requests().filter((r) => r.path === '/api/velma-2-stt-batch');
		assert.equal(stt.length, 3);
		for (const r of stt) {
			assert.equal(r.fields.speaker_diarization, 'true');
			assert.equal(r.fields.emotion_signal, 'true');
		}
		assert.deepEqual(stt.map((r) => r.files[0]?.fileName).sort(), ['call-01-billing.mp3', 'call-02-clinic.mp3', 'call-03-urgent-transfer.wav']);

		// Deepfake: call 03 is synthetic, the others are not.
		const verdicts = out(run, 'Detect Synthetic Voice').map((i) => i.json.summary.verdict);
		assert.deepEqual(verdicts, ['non-synthetic', 'non-synthetic', 'synthetic']);

		// Redaction: JSON metadata + the redacted MP3 as binary `data`, archived to storage (multipart).
		const redacted = out(run, 'Redact PII/PHI');
		assert.equal(redacted.length, 3);
		redacted.forEach((r, i) => {
			assert.ok(r.json.redactionCount > 0, 'redactions found');
			assert.equal(r.binary?.data?.mimeType, 'audio/mpeg');
			assert.equal(r.binary?.data?.fileName, `${calls[i]}-redacted.mp3`);
		});
		const uploads = ctx.posted('/storage/calls/redacted');
		assert.equal(uploads.length, 3, 'three redacted files archived');
		for (const u of uploads) {
			const part = u.parts?.find((p) => p.name === 'file');
			assert.ok(part, 'a file part');
			assert.match(part.fileName ?? '', /-redacted\.mp3$/);
			assert.equal(part.contentType, 'audio/mpeg');
			assert.ok(part.size > 1000, 'MP3 bytes arrived');
		}

		// One alert (call 03), a CRM note and task per call, only redacted text in them.
		const merged = out(run, 'Combine per call');
		assert.deepEqual(merged.map((m) => m.json.callId), calls);
		const slack = ctx.posted('/slack');
		assert.equal(slack.length, 1, 'exactly one alert');
		const alert = JSON.stringify(slack[0].json);
		assert.match(alert, /call-03-urgent-transfer/);
		assert.equal(ctx.posted('/hubspot').length, 3);
		assert.equal(ctx.posted('/salesforce').length, 3);
		const notes = JSON.stringify(ctx.posted('/hubspot').map((r) => r.json));
		assert.doesNotMatch(notes, /John Smith/, 'no unredacted name in the CRM notes');
	},
};

export default c;
