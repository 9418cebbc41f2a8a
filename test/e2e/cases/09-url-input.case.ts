/**
 * Input: URL in real n8n: recordings fetched by the nodes themselves from the sink's "bucket" (a presigned
 * query on the link), through n8n's own request helper and HTTP client. The bytes that reach Modulate are
 * the file's; a missing recording and a non-audio link become error items; the link's signature appears
 * nowhere in n8n's output.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assertSucceeded, out, type E2ECase } from '../lib/cases';
import { manualTrigger, modulate, platform, workflow } from '../lib/workflow';

const SIGNATURE = 'e2eSignature7c1d9a';
const presigned = `?X-Amz-Signature=${SIGNATURE}&X-Amz-Expires=900`;
const AUDIO = path.join(__dirname, '..', '..', 'fixtures', 'audio');
const sha = (file: string) => createHash('sha256').update(readFileSync(path.join(AUDIO, file))).digest('hex');
const byUrl = (url: string, extra: Record<string, unknown> = {}) => ({ audioInput: 'url', audioUrl: url, ...extra });
const onError = 'continueRegularOutput' as const;

const c: E2ECase = {
	id: 'e2eUrlInput01',
	title: 'Input: URL: batch and Platform by link, not found and non-audio links as error items',
	covers: ['modulate.transcribe', 'modulatePlatform.submit'],
	workflow: ({ sink }) =>
		workflow(c.id, 'E2E: Input URL', [
			manualTrigger('Start'),
			modulate('Transcribe by URL', 'transcription', 'transcribe', byUrl(`${sink.url}/recordings/call-01-billing.wav${presigned}`)),
			platform('Submit by URL', 'submit', byUrl(`${sink.url}/recordings/call-02-clinic.mp3${presigned}`, { waitForCompletion: false })),
			modulate('Missing recording', 'transcription', 'transcribe', byUrl(`${sink.url}/recordings/no-such-call.wav${presigned}`), { onError }),
			modulate('Not audio', 'transcription', 'transcribe', byUrl(`${sink.url}/recordings/notes.txt${presigned}`), { onError }),
		], [
			['Start', 'Transcribe by URL'],
			['Start', 'Submit by URL'],
			['Start', 'Missing recording'],
			['Start', 'Not audio'],
		]),
	check(run, ctx) {
		assertSucceeded(run);

		const [t] = out(run, 'Transcribe by URL');
		assert.match(String(t.json.text), /Acme Bank/);
		const [stt] = ctx.requests({ path: '/api/velma-2-stt-batch' });
		assert.deepEqual(
			[stt.files[0].fileName, stt.files[0].contentType, stt.files[0].sha256],
			['call-01-billing.wav', 'audio/wav', sha('call-01-billing.wav')],
			'the file reached Modulate as it is in the bucket',
		);

		const [job] = out(run, 'Submit by URL');
		assert.equal(typeof job.json.job_id, 'string');
		const [submit] = ctx.requests({ surface: 'platform' }).filter((r) => r.method === 'POST');
		assert.equal(submit.fields.file_extension, 'mp3');
		assert.equal(submit.files[0].sha256, sha('call-02-clinic.mp3'));

		const [missing] = out(run, 'Missing recording');
		assert.equal(missing.json.category, 'notFound');
		assert.match(String(missing.json.error), /Audio URL ".*\/recordings\/no-such-call\.wav": the server answered 404/);
		const [notAudio] = out(run, 'Not audio');
		assert.equal(notAudio.json.category, 'unsupportedFormat');
		assert.match(String(notAudio.json.error), /answered with text\/plain, not audio/);
		assert.equal(ctx.requests({ path: '/api/velma-2-stt-batch' }).length, 1, 'the failed links sent nothing to Modulate');

		for (const item of [t, job, missing, notAudio]) assert.ok(!JSON.stringify(item).includes(SIGNATURE), 'no signature in the output');
		assert.ok(!run.stderr.includes(SIGNATURE), 'no signature in the logs');
	},
};

export default c;
