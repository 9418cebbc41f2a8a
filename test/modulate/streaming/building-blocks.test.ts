/** Streaming building blocks: WAV header parsing, close-code classification, URL building. */
import assert from 'node:assert/strict';
import { parseWavHeader } from '../../../nodes/Modulate/streaming/wav';
import { classifyCloseCode } from '../../../nodes/Modulate/streaming/closeCodes';
import { streamingUrl } from '../../../nodes/Modulate/streaming/run';
import { testWav } from '../../emulator/audio';

const ctx = { surface: 'models' as const, target: 'velma-2-stt-streaming' };

describe('parseWavHeader', () => {
	it('reads rate, channels, bits and the data offset of a plain PCM WAV', () => {
		const r = parseWavHeader(testWav({ durationMs: 100, sampleRate: 44_100, channels: 2 }));
		assert.equal(r.status, 'ok');
		assert.deepEqual(r.status === 'ok' && r.header, {
			formatCode: 1, channels: 2, sampleRate: 44_100, bitsPerSample: 16, bigEndian: false,
			rawFormat: 's16le', dataOffset: 44, dataSize: 17_640,
		});
	});

	it('walks over LIST and odd-sized chunks before data', () => {
		const wav = testWav({ durationMs: 10, extraChunks: true });
		const r = parseWavHeader(wav);
		assert.equal(r.status === 'ok' && r.header.dataOffset, 44 + 12 + 12);
		assert.equal(r.status === 'ok' && wav.toString('latin1', r.header.dataOffset - 8, r.header.dataOffset - 4), 'data');
	});

	it('maps float, 8-bit, 24-bit, A-law/μ-law, extensible and RIFX to raw formats', () => {
		assert.equal((parseWavHeader(testWav({ durationMs: 10, float: true })) as { header: { rawFormat: string } }).header.rawFormat, 'f32le');
		assert.equal((parseWavHeader(testWav({ durationMs: 10, bitsPerSample: 8 })) as { header: { rawFormat: string } }).header.rawFormat, 'u8');
		assert.equal((parseWavHeader(testWav({ durationMs: 10, bitsPerSample: 24 })) as { header: { rawFormat: string } }).header.rawFormat, 's24le');
		const alaw = testWav({ durationMs: 10, bitsPerSample: 8 });
		alaw.writeUInt16LE(6, 20);
		assert.equal((parseWavHeader(alaw) as { header: { rawFormat: string } }).header.rawFormat, 'alaw');
		alaw.writeUInt16LE(7, 20);
		assert.equal((parseWavHeader(alaw) as { header: { rawFormat: string } }).header.rawFormat, 'mulaw');

		const ext = Buffer.alloc(12 + 8 + 40 + 8);
		ext.write('RIFF', 0, 'latin1');
		ext.write('WAVE', 8, 'latin1');
		ext.write('fmt ', 12, 'latin1');
		ext.writeUInt32LE(40, 16);
		ext.writeUInt16LE(0xfffe, 20);
		ext.writeUInt16LE(1, 22);
		ext.writeUInt32LE(48_000, 24);
		ext.writeUInt16LE(32, 34);
		ext.writeUInt16LE(3, 20 + 24); // sub-format: IEEE float
		ext.write('data', 60, 'latin1');
		ext.writeUInt32LE(0xffffffff, 64);
		const r = parseWavHeader(ext);
		assert.equal(r.status === 'ok' && r.header.rawFormat, 'f32le');
		assert.equal(r.status === 'ok' && r.header.dataSize, undefined, 'a streamed WAV has no usable size');

		const rifx = testWav({ durationMs: 10 });
		rifx.write('RIFX', 0, 'latin1');
		for (const o of [16, 24, 28, 40]) rifx.writeUInt32BE(rifx.readUInt32LE(o), o);
		for (const o of [20, 22, 32, 34]) rifx.writeUInt16BE(rifx.readUInt16LE(o), o);
		const b = parseWavHeader(rifx);
		assert.equal(b.status === 'ok' && b.header.rawFormat, 's16be');
		assert.equal(b.status === 'ok' && b.header.sampleRate, 16_000);
	});

	it('asks for more bytes while the header is incomplete, and rejects what is not a WAV', () => {
		assert.equal(parseWavHeader(testWav({ durationMs: 10 }).subarray(0, 30)).status, 'more');
		assert.equal(parseWavHeader(Buffer.from('ID3\x04 not a wav file')).status, 'invalid');
	});
});

describe('classifyCloseCode', () => {
	const c = (code: number, errorFrames: string[] = [], opened = true) => classifyCloseCode({ code, reason: '', errorFrames, opened }, ctx);

	it('maps each documented close code to its category and retry decision', () => {
		const table: Array<[number, string[], string, boolean]> = [
			[1003, ['Invalid num_channels=12. Must be between 1 and 8'], 'badRequest', false],
			[4002, ['Audio data does not match the declared audio_format.'], 'unsupportedFormat', false],
			[4001, [], 'invalidCredentials', false],
			[4003, ['This request is not permitted.'], 'permissionDenied', false],
			[4003, ['Unable to validate request. Please try again.'], 'serverError', true],
			[4029, ['Insufficient credits.'], 'quotaExhausted', false],
			[4029, ['Rate limit exceeded: too many concurrent connections are active.'], 'concurrencyLimit', true],
			[4029, [], 'concurrencyLimit', true],
			[1011, ['Internal server error'], 'serverError', true],
			[1006, [], 'network', true],
			[1000, [], 'network', true],
			[1000, ['Invalid input audio'], 'badRequest', false],
		];
		for (const [code, frames, category, retryable] of table) {
			const r = c(code, frames);
			assert.equal(r.category, category, `${code} ${frames.join()}`);
			assert.equal(r.retryable, retryable, `${code} ${frames.join()}`);
			assert.equal(r.httpCode, String(code));
			assert.match(r.cause, new RegExp(`close code ${code}`));
			assert.equal(r.detail, frames.length ? frames.join(' / ') : undefined);
		}
	});

	it('says the connection could not be opened when the handshake never completed', () => {
		assert.match(c(1006, [], false).cause, /could not be opened/);
		assert.match(c(1006, [], true).cause, /dropped mid-stream/);
	});
});

describe('streamingUrl', () => {
	it('turns the Base URL into ws(s) and puts the key and audio parameters in the query', () => {
		assert.equal(
			streamingUrl('https://platform.modulate.ai', 'velma-2-stt-streaming', { api_key: 'k y', audio_format: 's16le', sample_rate: 16_000, language: undefined }),
			'wss://platform.modulate.ai/api/velma-2-stt-streaming?api_key=k+y&audio_format=s16le&sample_rate=16000',
		);
		assert.equal(streamingUrl('http://127.0.0.1:9/base', 'm', { flag: false }), 'ws://127.0.0.1:9/base/api/m?flag=false');
	});
});
