/**
 * The URL download's parts on their own: the timeout and the size count (with a small limit, through
 * n8n-core's real request helper against a local host), format sniffing, and how a link is shown.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { httpRequest } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';
import { DOWNLOAD_DEFAULTS, DownloadError, openDownload } from '../../nodes/shared/url/download';
import { decideFormat } from '../../nodes/shared/url/format';
import { sniffAudioFormat } from '../../nodes/shared/url/sniff';
import { resolveUrlAudio } from '../../nodes/shared/url/urlAudio';
import { scrubSecrets, urlSecrets, withoutQuery } from '../../nodes/shared/transport/secrets';
import { generatedBytes, useRecordingServer } from '../helpers/recordingServer';
import { mp3_1, wav1 } from '../modulate/support';

const host = useRecordingServer();

const node = { name: 'Modulate', type: 'n8n-nodes-modulate.modulate', typeVersion: 1, position: [0, 0], parameters: {} } as unknown as INode;
const context = { getNode: () => node, helpers: { httpRequest }, getExecutionCancelSignal: () => undefined } as unknown as IExecuteFunctions;
const rules = { extensions: ['wav', 'mp3'], maxBytes: 1024 * 1024, operation: 'Transcribe' };

describe('download', () => {
	it('times out a host that accepts but never answers', async () => {
		const silent = http.createServer(() => undefined);
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		const { port } = silent.address() as AddressInfo;
		try {
			const error = await openDownload(httpRequest, `http://127.0.0.1:${port}/call.wav?sig=abcdef`, { ...DOWNLOAD_DEFAULTS, timeoutMs: 200 }).then(
				() => assert.fail('no timeout'),
				(e: unknown) => e,
			);
			assert.ok(error instanceof DownloadError);
			assert.equal(error.problem.category, 'timeout');
			assert.match(error.problem.cause, /sent nothing for 200 ms \(timed out\)/);
		} finally {
			silent.closeAllConnections();
			silent.close();
		}
	});

	it('without Content-Length, counts the bytes and stops the body past the limit', async () => {
		host.file('/long.wav', { body: generatedBytes(wav1.subarray(0, 44), 3 * 1024 * 1024), contentType: 'audio/wav', contentLength: false });
		const audio = await resolveUrlAudio.call(context, 4, host.url('/long.wav?X-Amz-Signature=s3cr3tsig'), rules);
		assert.equal(audio.size, undefined, 'the size is not known in advance');
		let received = 0;
		const error = await (async () => {
			for await (const chunk of audio.chunks()) received += chunk.length;
		})().then(
			() => assert.fail('the limit was not enforced'),
			(e: Error & { description?: string }) => e,
		);
		assert.match(error.message, /^Item 4: Audio URL "http:\/\/127\.0\.0\.1:\d+\/long\.wav": the recording is too large: more than 1\.0 MB; Transcribe accepts at most 1\.0 MB/);
		assert.ok(received <= rules.maxBytes, 'no byte past the limit was passed on');
		assert.ok(!error.message.includes('s3cr3tsig') && !String(error.description).includes('s3cr3tsig'));
	});

	it('the same file read twice gives the same bytes (each read is a fresh download)', async () => {
		host.file('/call.mp3', { body: mp3_1, contentType: 'audio/mpeg' });
		const audio = await resolveUrlAudio.call(context, 0, host.url('/call.mp3'), rules);
		assert.deepEqual(await audio.toBuffer(), mp3_1);
		assert.deepEqual(await audio.toBuffer(), mp3_1);
		assert.equal(host.hitsOf('/call.mp3'), 3);
	});
});

describe('format', () => {
	const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
	it.each([
		['wav', bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt ')],
		['mp3', bytes('ID3', [4, 0, 0])],
		['mp3', bytes([0xff, 0xfb, 0x90, 0x64])],
		['aac', bytes([0xff, 0xf1, 0x50, 0x80])],
		['flac', bytes('fLaC')],
		['ogg', bytes('OggS', [0, 2], 'xxxxxxxxxxxxxxxxxxxxxx', [1], 'vorbis')],
		['opus', bytes('OggS', [0, 2], 'xxxxxxxxxxxxxxxxxxxxxx', 'OpusHead')],
		['mp4', bytes([0, 0, 0, 0x20], 'ftypM4A ')],
		['mov', bytes([0, 0, 0, 0x14], 'ftypqt  ')],
		['webm', bytes([0x1a, 0x45, 0xdf, 0xa3])],
		['aiff', bytes('FORM', [0, 0, 0, 0], 'AIFF')],
		['amr', bytes('#!AMR\n')],
	])('recognises %s from its first bytes', (format, head) => {
		assert.equal(sniffAudioFormat(head), format);
	});

	it('content type first, then the path, then the bytes; a web page is not audio', () => {
		const riff = bytes('RIFF', [0, 0, 0, 0], 'WAVE');
		assert.deepEqual(decideFormat('audio/mpeg', 'https://h/x.wav', riff), { ok: true, extension: 'mp3', from: 'content type' });
		assert.deepEqual(decideFormat('application/octet-stream', 'https://h/x.mp3', riff), { ok: true, extension: 'mp3', from: 'URL path' });
		assert.deepEqual(decideFormat(undefined, 'https://h/rec/123', riff), { ok: true, extension: 'wav', from: 'first bytes' });
		assert.deepEqual(decideFormat('text/plain', 'https://h/x', riff), { ok: true, extension: 'wav', from: 'first bytes' });
		const page = decideFormat('text/html', 'https://h/x.wav', Buffer.from('<!DOCTYPE html><html>'));
		assert.equal(page.ok, false);
		const unknown = decideFormat('application/octet-stream', 'https://h/download', Buffer.from([1, 2, 3, 4, 5]));
		assert.equal(unknown.ok, false);
	});
});

describe('links in text', () => {
	const link = 'https://user:pw@bucket.s3.amazonaws.com/calls/a%20b.wav?X-Amz-Signature=abc123def&X-Amz-Credential=AKIA%2F20260101#frag';
	it('are shown without query, fragment or user info', () => {
		assert.equal(withoutQuery(link), 'https://bucket.s3.amazonaws.com/calls/a%20b.wav');
	});
	it('have their query masked in any message, whatever the parameter names', () => {
		const text = `GET ${link} failed; also see http://h/x?sig=zzzz9999.`;
		const scrubbed = scrubSecrets(text, []);
		assert.ok(!scrubbed.includes('abc123def') && !scrubbed.includes('zzzz9999') && !scrubbed.includes('frag'), scrubbed);
		assert.match(scrubbed, /a%20b\.wav\?\*\*\*/);
	});
	it('give their secret parts, decoded too, for masking text that quotes them alone', () => {
		const secrets = urlSecrets(link);
		for (const s of ['abc123def', 'AKIA%2F20260101', 'AKIA/20260101', 'frag', 'pw']) assert.ok(secrets.includes(s), s);
		assert.equal(scrubSecrets('the server said: bad signature abc123def', secrets), 'the server said: bad signature ***');
	});
});
