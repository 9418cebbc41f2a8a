import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AudioInput } from '../../nodes/shared/binary';
import { buildAudioForm, parseMultipart } from '../../nodes/shared/multipart';

function fakeAudio(bytes: Buffer, fileName = 'call.wav', mimeType = 'audio/wav'): AudioInput {
	async function* chunks(size = 4) {
		for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
	}
	return {
		fileName,
		mimeType,
		extension: 'wav',
		size: bytes.length,
		chunks,
		toBuffer: async () => bytes,
		toBlob: () =>
			({
				name: fileName,
				type: mimeType,
				size: bytes.length,
				stream: () => chunks(),
				arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
				[Symbol.toStringTag]: 'File',
			}) as unknown as Blob,
	};
}

describe('buildAudioForm', () => {
	it('puts the audio in upload_file with its name and type, booleans as true/false, and drops undefined', async () => {
		const audio = fakeAudio(Buffer.from('RIFF....WAVEdata'));
		const form = buildAudioForm(audio, {
			speaker_diarization: true,
			emotion_signal: false,
			start_redaction_padding_ms: 100,
			language: undefined,
		});
		const file = form.get('upload_file') as File;
		assert.equal(file.name, 'call.wav');
		assert.equal(file.type, 'audio/wav');
		assert.equal(file.size, 16);
		assert.equal(form.get('speaker_diarization'), 'true');
		assert.equal(form.get('emotion_signal'), 'false');
		assert.equal(form.get('start_redaction_padding_ms'), '100');
		assert.equal(form.has('language'), false);
	});

	it('serialises to multipart that a server can read, streaming the file part', async () => {
		const bytes = Buffer.from('0123456789abcdef0123');
		const form = buildAudioForm(fakeAudio(bytes), { pii_phi_tagging: true });
		const request = new Request('http://localhost/', { method: 'POST', body: form });
		const parsed = await request.formData();
		const file = parsed.get('upload_file') as File;
		assert.equal(file.name, 'call.wav');
		assert.equal(Buffer.from(await file.arrayBuffer()).toString(), bytes.toString());
		assert.equal(parsed.get('pii_phi_tagging'), 'true');
	});
});

describe('parseMultipart', () => {
	const boundary = 'XyZ123';
	const mp3 = Buffer.from([0xff, 0xfb, 0x90, 0x64, 0x00, 0x0d, 0x0a, 0x2d, 0x2d]);
	const body = Buffer.concat([
		Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n{"text":"Hi <pii:name></pii:name>","redaction_ranges":[[1,2]]}\r\n`),
		Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="audio"; filename="redacted.mp3"\r\nContent-Type: audio/mpeg\r\n\r\n`),
		mp3,
		Buffer.from(`\r\n--${boundary}--\r\n`),
	]);

	it('splits the metadata JSON and the binary MP3, byte for byte', () => {
		const parts = parseMultipart(body, `multipart/form-data; boundary=${boundary}`);
		assert.equal(parts.length, 2);
		assert.equal(parts[0].name, 'metadata');
		assert.deepEqual(JSON.parse(parts[0].body.toString()).redaction_ranges, [[1, 2]]);
		assert.equal(parts[1].name, 'audio');
		assert.equal(parts[1].fileName, 'redacted.mp3');
		assert.equal(parts[1].contentType, 'audio/mpeg');
		assert.deepEqual(parts[1].body, mp3);
	});

	it('accepts a quoted boundary', () => {
		assert.equal(parseMultipart(body, `multipart/form-data; boundary="${boundary}"`).length, 2);
	});

	it('says what is wrong with a non-multipart or truncated answer', () => {
		assert.throws(() => parseMultipart(Buffer.from('{}'), 'application/json'), /not multipart/);
		assert.throws(() => parseMultipart(body.subarray(0, 60), `multipart/form-data; boundary=${boundary}`), /truncated/);
	});
});
