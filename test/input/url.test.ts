/**
 * Input: URL, end to end: recordings served by a local host (test/helpers/recordingServer.ts) go through the
 * nodes with n8n-core's real request helper to the emulator. Asserts what Modulate received (bytes, file
 * name, MIME type), the specific error of each download-side failure, that the query string (where presigned
 * links carry their signature) appears in no message or description, and that nothing reached Modulate when
 * the download failed first.
 */
import assert from 'node:assert/strict';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { testWav } from '../emulator/audio';
import { useEmulator } from '../helpers/emulator';
import { modulateRunner } from '../helpers/modulateRunner';
import { platformRunner } from '../helpers/platformRunner';
import { findSecret, logsOf } from '../helpers/n8n';
import { generatedBytes, useRecordingServer } from '../helpers/recordingServer';
import { mp3_1, sha, useWebSocketClient, wav1, WAV_HEADER } from '../modulate/support';

const emulator = useEmulator();
const modulate = modulateRunner(() => emulator.url);
const platform = platformRunner(() => emulator.url);
useWebSocketClient();

const host = useRecordingServer();

const SIGNATURE = 'sigSECRETvalue9f8e7d';
const QUERY = `?X-Amz-Signature=${SIGNATURE}&X-Amz-Credential=AKIA%2Fsecret&token=tok12345`;
const MB = 1024 * 1024;

const byUrl = (resource: string, operation: string, url: string, options: IDataObject = {}): INodeParameters => ({
	resource,
	operation,
	audioInput: 'url',
	audioUrl: url,
	options: { retryInitialDelayMs: 5, timeoutSeconds: 30, ...options },
});
const transcribeUrl = (url: string) => byUrl('transcription', 'transcribe', url);
const item = [{ json: {} }];

const modelRequests = () => emulator.state.requests.filter((r) => r.surface === 'models');
const completeModelRequests = () => modelRequests().filter((r) => r.status !== 0 || r.files.length > 0);

/** The query string, its signature, and the other secret values: none may appear in what the user sees. */
function assertNoQuery(error: { message: string; description?: string | null }): void {
	for (const text of [error.message, error.description ?? '']) {
		for (const secret of [SIGNATURE, 'AKIA', 'tok12345', 'X-Amz-Signature']) {
			assert.ok(!text.includes(secret), `"${secret}" leaked into: ${text}`);
		}
	}
}

async function failsWith(url: string, pattern: RegExp, params = transcribeUrl(url)) {
	const error = await modulate.runError(params, item);
	assert.match(error.message, pattern);
	assert.match(error.message, /^Item 0: Audio URL/);
	assertNoQuery(error);
	// The error's `node` holds the workflow's own parameters (the link as typed), as every n8n error does.
	const { message, description, context } = error;
	assert.deepEqual(findSecret(SIGNATURE, { message, description, context }, logsOf(error)), [], 'the signature is nowhere in the error or the logs');
	assert.deepEqual(modelRequests(), [], 'nothing was sent to Modulate');
	return error;
}

describe('Input: URL (batch)', () => {
	it('streams a presigned WAV (with Content-Length) into the upload: same bytes, its name and MIME type', async () => {
		host.file('/bucket/call-01-billing.wav', { body: wav1, contentType: 'audio/wav' });
		const { output, logs } = await modulate.run(transcribeUrl(host.url(`/bucket/call-01-billing.wav${QUERY}`)), item);
		assert.match(String(output[0][0].json.text), /Acme Bank/);
		assert.deepEqual(findSecret(SIGNATURE, output, logs), []);
		const [request] = modelRequests();
		assert.deepEqual(request.files, [
			{ field: 'upload_file', fileName: 'call-01-billing.wav', contentType: 'audio/wav', size: wav1.length, sha256: sha(wav1) },
		]);
		assert.equal(request.headers['content-length'] !== undefined, true, 'a known size is announced');
		assert.equal(host.hitsOf('/bucket/call-01-billing.wav'), 2, 'the probe, then the upload');
		assert.deepEqual(output[0][0].pairedItem, { item: 0 });
	});

	it('streams an MP3 without Content-Length (sent chunked)', async () => {
		host.file('/calls/call.mp3', { body: mp3_1, contentType: 'audio/mpeg', contentLength: false });
		await modulate.run(byUrl('transcription', 'transcribeEnglishFast', host.url('/calls/call.mp3')), item);
		const [request] = modelRequests();
		assert.deepEqual(request.files, [{ field: 'upload_file', fileName: 'call.mp3', contentType: 'audio/mpeg', size: mp3_1.length, sha256: sha(mp3_1) }]);
		assert.equal(request.headers['transfer-encoding'], 'chunked');
	});

	it('takes the format from the first bytes when the server says application/octet-stream and the path has no extension', async () => {
		host.file('/Recordings/RE0001', { body: wav1, contentType: 'application/octet-stream' });
		host.file('/Recordings/RE0002', { body: mp3_1, contentType: 'binary/octet-stream' });
		await modulate.run(transcribeUrl(host.url('/Recordings/RE0001')), item);
		await modulate.run(transcribeUrl(host.url('/Recordings/RE0002')), item);
		const [wav, mp3] = modelRequests();
		assert.deepEqual([wav.files[0].fileName, wav.files[0].contentType, wav.files[0].sha256], ['RE0001.wav', 'audio/wav', sha(wav1)]);
		assert.deepEqual([mp3.files[0].fileName, mp3.files[0].contentType, mp3.files[0].sha256], ['RE0002.mp3', 'audio/mpeg', sha(mp3_1)]);
	});

	it('trusts the Content-Type over the path, and the path over the bytes', async () => {
		host.file('/a/recording.bin', { body: wav1, contentType: 'audio/x-wav' });
		host.file('/b/call.mp3', { body: mp3_1, contentType: 'application/octet-stream' });
		await modulate.run(transcribeUrl(host.url('/a/recording.bin')), item);
		await modulate.run(transcribeUrl(host.url('/b/call.mp3')), item);
		const [first, second] = modelRequests();
		assert.deepEqual([first.files[0].fileName, first.files[0].contentType], ['recording.wav', 'audio/wav']);
		assert.deepEqual([second.files[0].fileName, second.files[0].contentType], ['call.mp3', 'audio/mpeg']);
	});

	it('follows a redirect chain (relative and absolute Locations) to the file', async () => {
		host.redirect('/share/abc', '/redirect/two');
		host.redirect('/redirect/two', host.url(`/store/call.wav${QUERY}`), 307);
		host.file('/store/call.wav', { body: wav1, contentType: 'audio/wav' });
		await modulate.run(transcribeUrl(host.url('/share/abc')), item);
		const [request] = modelRequests();
		assert.equal(request.files[0].sha256, sha(wav1));
		assert.equal(request.files[0].fileName, 'abc.wav');
	});

	it('re-downloads the file for each upload attempt (a retry after a transient Modulate failure)', async () => {
		host.file('/call.wav', { body: wav1, contentType: 'audio/wav' });
		emulator.state.configure({ faults: { script: ['status503'] } });
		await modulate.run(transcribeUrl(host.url('/call.wav')), item);
		assert.equal(modelRequests().length, 2);
		assert.equal(modelRequests()[1].files[0].sha256, sha(wav1));
		assert.equal(host.hitsOf('/call.wav'), 3, 'the probe, then one download per attempt');
	});

	it('a redirect loop', async () => {
		host.redirect('/loop/a', `/loop/b${QUERY}`);
		host.redirect('/loop/b', `/loop/a${QUERY}`);
		const error = await failsWith(host.url(`/loop/a${QUERY}`), /redirects in a loop/);
		assert.match(error.message, /"http:\/\/127\.0\.0\.1:\d+\/loop\/a"/, 'the URL is shown without its query');
	});

	it('too many redirects', async () => {
		for (let i = 0; i < 7; i++) host.redirect(`/hop/${i}`, `/hop/${i + 1}`);
		await failsWith(host.url('/hop/0'), /too many redirects \(more than 5\)/);
	});

	it('not found (404)', async () => {
		host.status('/gone.wav', 404, 'NoSuchKey');
		const error = await failsWith(host.url(`/gone.wav${QUERY}`), /the server answered 404 \(not found\)/);
		assert.match(String(error.description), /Check the link/);
	});

	it('a web page instead of audio (text/html login page)', async () => {
		host.status('/login', 200, '<!doctype html><html><body>Sign in</body></html>', 'text/html; charset=utf-8');
		const error = await failsWith(host.url(`/login${QUERY}`), /answered with text\/html, not audio/);
		assert.match(String(error.description), /downloads the recording itself/);
	});

	it('too large, with Content-Length: refused before anything is read or sent', async () => {
		host.file('/huge.wav', { body: generatedBytes(wav1.subarray(0, 44), 200 * MB), contentType: 'audio/wav', announcedLength: 200 * MB });
		const error = await failsWith(host.url(`/huge.wav${QUERY}`), /too large: 200\.0 MB; Transcribe accepts at most 100\.0 MB/);
		assert.equal(host.hitsOf('/huge.wav'), 1);
		assert.match(String(error.description), /Split the recording/);
	});

	it('an unreachable host (closed port)', async () => {
		const port = await host.closedPort();
		const error = await failsWith(`http://127.0.0.1:${port}/call.wav${QUERY}`, /host 127\.0\.0\.1:\d+ is unreachable \(it refused the connection\)/);
		assert.match(String(error.description), /ECONNREFUSED/, 'the code is in the description, where n8n leaves it');
	});

	it('a non-http scheme', async () => {
		await failsWith('ftp://files.example.com/call.wav', /it is a ftp: link; only http and https links can be downloaded/);
		await failsWith('file:///etc/passwd', /it is a file: link/);
		await failsWith('data:audio/wav;base64,UklGRg==', /it is a data: link/);
	});

	it('a redirect to a non-http scheme', async () => {
		host.redirect('/to-file', 'file:///etc/passwd');
		await failsWith(host.url('/to-file'), /it redirects to a file: link/);
	});

	it('an empty Audio URL names the field', async () => {
		const error = await modulate.runError(transcribeUrl('  '), item);
		assert.match(error.message, /"Audio URL" must be a link to the recording, but it is empty text/);
	});

	it('a download that breaks during the upload aborts it, unretried: Modulate never gets a complete request', async () => {
		host.file('/broken.wav', { body: generatedBytes(wav1.subarray(0, 44), 8 * MB), contentType: 'audio/wav', contentLength: false, breakAfterBytes: 2 * MB });
		const error = await modulate.runError(transcribeUrl(host.url(`/broken.wav${QUERY}`)), item);
		assert.match(error.message, /^Item 0: Audio URL "[^"?]+": the download from 127\.0\.0\.1:\d+ failed \(the connection broke\)/);
		assertNoQuery(error);
		assert.deepEqual(completeModelRequests(), [], 'no request reached Modulate whole');
		assert.ok(modelRequests().length <= 1, 'the upload was not retried');
		assert.equal(host.hitsOf('/broken.wav'), 2, 'the probe and one download');
	});

	it('with continue-on-fail, the failed item carries the category and no query', async () => {
		host.status('/gone.wav', 404);
		const { output } = await modulate.run(transcribeUrl(host.url(`/gone.wav${QUERY}`)), item, { continueOnFail: true });
		const json = output[0][0].json;
		assert.equal(json.category, 'notFound');
		assert.ok(!JSON.stringify(json).includes(SIGNATURE));
	});
});

describe('Input: URL (streaming)', () => {
	it('Transcribe (Streaming) downloads the WAV and streams its PCM', async () => {
		const wav = testWav({ durationMs: 3000 });
		host.file('/stream/call.wav', { body: wav, contentType: 'audio/wav', contentLength: false });
		const { output } = await modulate.run(byUrl('transcription', 'transcribeStreaming', host.url(`/stream/call.wav${QUERY}`), {}), item);
		const [session] = emulator.state.requests.filter((r) => r.surface === 'streaming');
		assert.equal(session.status, 1000);
		assert.equal(session.query.audio_format, 's16le');
		assert.equal(session.binaryBytes, wav.length - WAV_HEADER);
		assert.equal(typeof output[0][0].json.text, 'string');
	});

	it('a 404 fails before any session opens', async () => {
		host.status('/stream/missing.wav', 404);
		const error = await modulate.runError(byUrl('transcription', 'transcribeStreaming', host.url(`/stream/missing.wav${QUERY}`)), item);
		assert.match(error.message, /404/);
		assertNoQuery(error);
		assert.deepEqual(emulator.state.requests.filter((r) => r.surface === 'streaming'), []);
	});
});

describe('Input: URL (Platform Submit)', () => {
	const submits = () => emulator.state.requests.filter((r) => r.surface === 'platform' && r.method === 'POST');

	it('sends the downloaded MP3 as the job file', async () => {
		host.file('/p/call-01.mp3', { body: mp3_1, contentType: 'audio/mpeg', contentLength: false });
		const { output } = await platform.run(
			{ operation: 'submit', waitForCompletion: false, audioInput: 'url', audioUrl: host.url(`/p/call-01.mp3${QUERY}`) },
			item,
		);
		assert.equal(typeof output[0][0].json.job_id, 'string');
		const [request] = submits();
		assert.equal(request.fields.file_extension, 'mp3');
		assert.equal(request.files[0].sha256, sha(mp3_1));
		assert.equal(request.files[0].size, mp3_1.length);
	});

	it('too large without Content-Length: counted while downloading, nothing sent', async () => {
		host.file('/p/long.mp3', { body: generatedBytes(mp3_1.subarray(0, 64), 6 * MB), contentType: 'audio/mpeg', contentLength: false });
		const error = await platform.runError({ operation: 'submit', waitForCompletion: false, audioInput: 'url', audioUrl: host.url(`/p/long.mp3${QUERY}`) }, item);
		assert.match(error.message, /Audio URL "[^"?]+": the recording is too large: more than 5\.0 MB; Submit accepts at most 5\.0 MB/);
		assertNoQuery(error);
		assert.deepEqual(submits(), []);
	});

	it('Submit Multi-File checks every link before the first upload', async () => {
		host.file('/p/one.mp3', { body: mp3_1, contentType: 'audio/mpeg' });
		host.status('/p/two.mp3', 403, 'AccessDenied');
		const error = await platform.runError(
			{ operation: 'submitMultiFile', waitForCompletion: false, audioInput: 'url', audioUrl: '={{ $json.url }}' },
			[{ json: { url: host.url('/p/one.mp3') } }, { json: { url: host.url(`/p/two.mp3${QUERY}`) } }],
		);
		assert.match(error.message, /^Item 1: Audio URL "[^"?]+\/p\/two\.mp3": the server answered 403 \(access denied\)/);
		assertNoQuery(error);
		assert.deepEqual(submits(), []);
	});
});
