/**
 * PII/PHI redaction, batch and streaming, through n8n-core's real helpers against the emulator (the redacted
 * MP3 as binary), and the redaction summary as a unit.
 */
import assert from 'node:assert/strict';
import type { IDataObject } from 'n8n-workflow';
import { redactionSummary } from '../../nodes/Modulate/actions/redaction/redactionSummary';
import { mp3ClipLabels, testWav } from '../emulator/audio';
import { binaryItem, readBinary } from '../helpers/n8n';
import { fast, pii, useModulate, useWebSocketClient, wav1, wav2 } from './support';

const { run, modelRequests, streams } = useModulate();
useWebSocketClient();

describe('Redact PII/PHI', () => {
	it('parses the multipart answer: metadata as JSON, the redacted MP3 as binary replacing the input', async () => {
		const { output } = await run(
			{ resource: 'redaction', operation: 'redactPiiPhi', options: { ...fast, startRedactionPaddingMs: 50, endRedactionPaddingMs: 20 } },
			[await binaryItem(wav2, 'call-02-clinic.wav', 'audio/wav')],
		);
		const [request] = modelRequests();
		assert.equal(request.path, '/api/velma-2-pii-phi-redaction-batch');
		assert.deepEqual(request.fields, { speaker_diarization: 'true', start_redaction_padding_ms: '50', end_redaction_padding_ms: '20' });
		const item = output[0][0];
		const json = item.json as IDataObject;
		for (const key of ['text', 'duration_ms', 'utterances', 'redaction_ranges']) assert.ok(key in json, key);
		assert.ok((json.redactionCount as number) > 0);
		assert.match(String(json.text), /<(pii:[a-z_]+|phi)>/);
		assert.deepEqual(Object.keys(item.binary ?? {}), ['data']);
		const binary = item.binary!.data;
		assert.equal(binary.mimeType, 'audio/mpeg');
		assert.equal(binary.fileName, 'call-02-clinic-redacted.mp3');
		const mp3 = await readBinary(binary);
		assert.ok(mp3.length > 1000);
		assert.ok(mp3.subarray(0, 3).toString() === 'ID3' || (mp3[0] === 0xff && (mp3[1] & 0xe0) === 0xe0), 'MP3 frame sync or ID3');
	});

	it('keeps the original audio only when asked, and writes to the chosen field', async () => {
		const { output } = await run(
			{ resource: 'redaction', operation: 'redactPiiPhi', options: { ...fast, keepOriginalAudio: true, outputBinaryPropertyName: 'redacted' } },
			[await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav')],
		);
		assert.deepEqual(Object.keys(output[0][0].binary ?? {}).sort(), ['data', 'redacted']);
	});
});

describe('Redact PII/PHI (Streaming)', () => {
	it('reassembles the MP3 clips in order into one redacted binary and returns the utterances', async () => {
		const audio = testWav({ durationMs: 17_000 });
		const input = await binaryItem(audio, 'call-01.wav', 'audio/wav');
		const { output } = await run(pii({ startRedactionPaddingMs: 250, endRedactionPaddingMs: 50, speakerDiarization: false }), [input]);
		const [s] = streams();
		assert.equal(s.path, '/api/velma-2-pii-phi-redaction-streaming');
		assert.equal(s.query.start_redaction_padding_ms, '250');
		assert.equal(s.query.end_redaction_padding_ms, '50');
		assert.equal(s.query.speaker_diarization, 'false');

		const item = output[0][0];
		const json = item.json as IDataObject;
		assert.equal(json.duration_ms, 17_000);
		const utterances = json.utterances as IDataObject[];
		// four finalized utterances (0, 4, 8, 12 s), the out-of-order "Yes." after the fourth, and none for the 1 s tail
		assert.equal(utterances.length, 6);
		assert.ok(utterances.some((u) => u.text === 'Yes.'));
		assert.match(String(json.text), /<pii:name><\/pii:name>/);
		assert.ok(Number(json.redactionCount) >= 3);

		const binary = item.binary!.data;
		assert.equal(binary.fileName, 'call-01-redacted.mp3');
		assert.equal(binary.mimeType, 'audio/mpeg');
		const mp3 = await readBinary(binary);
		assert.deepEqual(mp3ClipLabels(mp3), ['clip0@0-3600', 'clip1@3600-7600', 'clip2@7600-11600', 'clip3@11600-15600', 'clip4@15600-17000']);
		assert.deepEqual(json.redacted_audio_clips, [
			{ start_ms: 0, duration_ms: 3600 },
			{ start_ms: 3600, duration_ms: 4000 },
			{ start_ms: 7600, duration_ms: 4000 },
			{ start_ms: 11600, duration_ms: 4000 },
			{ start_ms: 15600, duration_ms: 1400 },
		]);
	});

	it('keeps the original audio only when asked, and writes to the chosen output field', async () => {
		const input = await binaryItem(testWav({ durationMs: 5000 }), 'a.wav', 'audio/wav');
		const { output } = await run(pii({ outputBinaryPropertyName: 'redacted', keepOriginalAudio: true }), [input]);
		assert.deepEqual(Object.keys(output[0][0].binary!).sort(), ['data', 'redacted']);
	});
});

describe('redaction summary', () => {
	it('counts both tag styles and the audio ranges', () => {
		const summary = redactionSummary({
			text: 'I am <pii:name></pii:name>, born <pii:date></pii:date>, I have <phi></phi>. Call [FIRSTNAME].',
			redaction_ranges: [[1, 2], [3, 4], [5, 6]],
		});
		assert.equal(summary.redactionCount, 4);
		assert.deepEqual(summary.redactedEntities, { 'pii:name': 1, 'pii:date': 1, phi: 1, firstname: 1 });
	});
});
