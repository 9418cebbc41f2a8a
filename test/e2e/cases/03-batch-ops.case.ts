/**
 * Every batch operation with its options on the wire, the binary round trip (the redacted MP3 out of one
 * node into the next Modulate node and into an upload: the same bytes reach both), and continue-on-fail
 * ON: a wrong key and a used-up quota become error items that a workflow can route on.
 */
import assert from 'node:assert/strict';
import { BAD_MODELS_KEY, QUOTA_MODELS_KEY, assertSucceeded, out, pairedIndex, type E2ECase } from '../lib/cases';
import { CRED, download, manualTrigger, modulate, uploadBinary, workflow } from '../lib/workflow';

const c: E2ECase = {
	id: 'e2eBatchOperations01',
	title: 'batch operations: options on the wire, binary round trip, continue-on-fail on',
	covers: ['modulate.transcribe', 'modulate.transcribeEnglishFast', 'modulate.detectSyntheticVoice', 'modulate.redactPiiPhi'],
	workflow: ({ sink }) =>
		workflow(c.id, 'E2E: batch operations', [
			manualTrigger('Start'),
			download('Download call 01', `${sink.url}/recordings/call-01-billing.mp3`),
			modulate('Transcribe (all options)', 'transcription', 'transcribe', {
				options: {
					speakerDiarization: true,
					emotionSignal: true,
					accentSignal: true,
					deepfakeSignal: true,
					piiPhiTagging: true,
					language: 'en',
					customTerms: { terms: [{ term: 'Acme Bank' }, { term: 'Velma', definition: 'voice AI', pronunciations: 'VEL-muh' }] },
				},
			}),
			modulate('Transcribe English (Fast)', 'transcription', 'transcribeEnglishFast', {}),
			modulate('Redact PII/PHI', 'redaction', 'redactPiiPhi', { options: { startRedactionPaddingMs: 250, endRedactionPaddingMs: 50 } }),
			modulate('Detect on redacted audio', 'deepfake', 'detectSyntheticVoice', {}),
			uploadBinary('Upload redacted audio', `${sink.url}/upload`),
			modulate('Transcribe (wrong key)', 'transcription', 'transcribe', {}, { cred: CRED.badKey, onError: 'continueRegularOutput' }),
			modulate('Detect (wrong key)', 'deepfake', 'detectSyntheticVoice', {}, { cred: CRED.badKey, onError: 'continueRegularOutput' }),
			modulate('Transcribe (quota used up)', 'transcription', 'transcribeEnglishFast', {}, { cred: CRED.quota, onError: 'continueRegularOutput' }),
		], [
			['Start', 'Download call 01'],
			['Download call 01', 'Transcribe (all options)'],
			['Download call 01', 'Transcribe English (Fast)'],
			['Download call 01', 'Redact PII/PHI'],
			['Redact PII/PHI', 'Detect on redacted audio'],
			['Redact PII/PHI', 'Upload redacted audio'],
			['Download call 01', 'Transcribe (wrong key)'],
			['Download call 01', 'Detect (wrong key)'],
			['Download call 01', 'Transcribe (quota used up)'],
		]),
	check(run, ctx) {
		assertSucceeded(run);

		// Transcribe: every option reached the wire as the spec's form fields.
		const [t] = out(run, 'Transcribe (all options)');
		const stt = ctx.requests().filter((r) => r.path === '/api/velma-2-stt-batch' && r.headers['x-api-key'] !== BAD_MODELS_KEY);
		assert.equal(stt.length, 1);
		const f = stt[0].fields;
		assert.equal(f.speaker_diarization, 'true');
		assert.equal(f.emotion_signal, 'true');
		assert.equal(f.accent_signal, 'true');
		assert.equal(f.deepfake_signal, 'true');
		assert.equal(f.pii_phi_tagging, 'true');
		assert.equal(f.language, 'en');
		const config = JSON.parse(String(f.config)) as { custom_terms: unknown[] };
		assert.deepEqual(config.custom_terms[0], 'Acme Bank');
		assert.deepEqual(config.custom_terms[1], { term: 'Velma', definition: 'voice AI', pronunciations: ['VEL-muh'] });
		assert.equal(stt[0].files[0].fileName, 'call-01-billing.mp3');
		assert.equal(stt[0].files[0].contentType, 'audio/mpeg');
		assert.ok(t.json.utterances.length > 0);
		const u = t.json.utterances[0];
		assert.equal(typeof u.emotion, 'string');
		assert.equal(typeof u.accent, 'string');
		assert.equal(typeof u.deepfake_score, 'number');

		// English (Fast): text + duration only.
		const [fast] = out(run, 'Transcribe English (Fast)');
		assert.deepEqual(Object.keys(fast.json).sort(), ['duration_ms', 'text']);
		assert.equal(ctx.requests({ path: '/api/velma-2-stt-batch-english-vfast' }).filter((r) => r.status === 200).length, 1);

		// Redaction options on the wire; metadata out; the redacted MP3 replaces `data`.
		const red = ctx.requests({ path: '/api/velma-2-pii-phi-redaction-batch' });
		assert.equal(red.length, 1);
		assert.equal(red[0].fields.start_redaction_padding_ms, '250');
		assert.equal(red[0].fields.end_redaction_padding_ms, '50');
		const [r] = out(run, 'Redact PII/PHI');
		assert.ok(r.json.redactionCount > 0);
		assert.ok(Array.isArray(r.json.redaction_ranges));
		assert.equal(r.binary?.data?.fileName, 'call-01-billing-redacted.mp3');
		assert.equal(r.binary?.data?.mimeType, 'audio/mpeg');

		// Binary round trip: the redacted MP3 went into the next Modulate node and into the upload, byte-identical.
		const det = ctx.requests({ path: '/api/velma-2-synthetic-voice-detection-batch' }).filter((x) => x.status === 200);
		assert.equal(det.length, 1, 'one detection on the redacted audio');
		const sent = det[0].files[0];
		assert.equal(sent.fileName, 'call-01-billing-redacted.mp3');
		assert.equal(sent.contentType, 'audio/mpeg');
		const [upload] = ctx.posted('/upload');
		const part = upload.parts?.find((p) => p.name === 'file');
		assert.ok(part, 'the upload carried the file');
		assert.equal(part.sha256, sent.sha256, 'the same redacted bytes reached the next node and the upload');
		assert.equal(part.size, sent.size);
		const [d] = out(run, 'Detect on redacted audio');
		assert.ok(['synthetic', 'non-synthetic', 'no-content'].includes(d.json.summary.verdict));

		// Continue-on-fail ON: error items with the fields a workflow routes on, paired, no retries.
		const [bad] = out(run, 'Transcribe (wrong key)');
		assert.match(bad.json.error, /API key rejected/i);
		assert.equal(String(bad.json.httpCode), '401');
		assert.equal(bad.json.category, 'invalidCredentials');
		assert.equal(bad.json.retryable, false);
		assert.equal(pairedIndex(bad), 0);
		const [badDetect] = out(run, 'Detect (wrong key)');
		assert.equal(badDetect.json.category, 'invalidCredentials');
		assert.equal(String(badDetect.json.httpCode), '403');
		const [quota] = out(run, 'Transcribe (quota used up)');
		assert.equal(quota.json.category, 'quotaExhausted');
		assert.equal(String(quota.json.httpCode), '429');
		assert.equal(quota.json.retryable, false);
		assert.equal(ctx.requests().filter((x) => x.headers['x-api-key'] === QUOTA_MODELS_KEY).length, 1, 'a used-up quota is not retried');
		assert.equal(ctx.requests().filter((x) => x.headers['x-api-key'] === BAD_MODELS_KEY).length, 2, 'a wrong key is not retried');
	},
};

export default c;
