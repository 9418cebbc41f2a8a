import assert from 'node:assert/strict';
import type { AudioInput } from '../../nodes/shared/binary';
import { buildAudioMultipart, parseMultipart } from '../../nodes/Modulate/transport/multipart';

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
		wrappedBody: async (prefix, suffix) => Buffer.concat([prefix, bytes, suffix]),
	};
}

async function asRequest(audio: AudioInput, fields: Parameters<typeof buildAudioMultipart>[1]) {
	const { body, headers } = await buildAudioMultipart(audio, fields);
	return { body: body as Buffer, headers, request: new Request('http://localhost/', { method: 'POST', body: body as Buffer, headers: headers as Record<string, string> }) };
}

describe('buildAudioMultipart', () => {
	it('puts the audio in upload_file with its name and type, booleans as true/false, and drops undefined', async () => {
		const audio = fakeAudio(Buffer.from('RIFF....WAVEdata'));
		const { request } = await asRequest(audio, {
			speaker_diarization: true,
			emotion_signal: false,
			start_redaction_padding_ms: 100,
			language: undefined,
		});
		const form = await request.formData();
		const file = form.get('upload_file') as File;
		assert.equal(file.name, 'call.wav');
		assert.equal(file.type, 'audio/wav');
		assert.equal(Buffer.from(await file.arrayBuffer()).toString(), 'RIFF....WAVEdata');
		assert.equal(form.get('speaker_diarization'), 'true');
		assert.equal(form.get('emotion_signal'), 'false');
		assert.equal(form.get('start_redaction_padding_ms'), '100');
		assert.equal(form.has('language'), false);
	});

	it('declares the exact Content-Length and a boundary that the body uses', async () => {
		const bytes = Buffer.alloc(5000, 7);
		const { body, headers } = await asRequest(fakeAudio(bytes), { pii_phi_tagging: true });
		assert.equal(Number(headers['content-length']), body.length);
		const boundary = /boundary=(\S+)/.exec(String(headers['content-type']))![1];
		assert.ok(body.toString('latin1').endsWith(`--${boundary}--\r\n`));
	});

	it('percent-encodes quotes and line breaks in the file name, as browsers do', async () => {
		const { body } = await asRequest(fakeAudio(Buffer.from('x'), 'a"b\r\n.wav'), {});
		assert.match(body.toString(), /filename="a%22b%0D%0A\.wav"/);
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
