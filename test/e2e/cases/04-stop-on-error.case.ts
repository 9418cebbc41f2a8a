/** Continue-on-fail OFF: the execution stops with the node's error, which names the cause and hides the key. */
import assert from 'node:assert/strict';
import { BAD_MODELS_KEY, type E2ECase } from '../lib/cases';
import { CRED, download, manualTrigger, modulate, workflow } from '../lib/workflow';

const c: E2ECase = {
	id: 'e2eStopOnError00001',
	title: 'continue-on-fail off: a wrong key stops the execution with a clear error',
	covers: [],
	expectFailure: true,
	workflow: ({ sink }) =>
		workflow(c.id, 'E2E: stop on error', [
			manualTrigger('Start'),
			download('Download call 02', `${sink.url}/recordings/call-02-clinic.wav`),
			modulate('Transcribe', 'transcription', 'transcribe', {}, { cred: CRED.badKey }),
		], [
			['Start', 'Download call 02'],
			['Download call 02', 'Transcribe'],
		]),
	check(run, ctx) {
		assert.equal(run.code, 1, 'n8n execute exits 1 on a failed execution');
		const err = run.data?.data?.resultData?.error;
		const text = run.stdout + run.stderr;
		assert.match(err?.message ?? text, /API key rejected/i, 'the error names the cause');
		assert.equal(err?.node?.name ?? 'Transcribe', 'Transcribe');
		assert.ok(!text.includes(BAD_MODELS_KEY));
		const reqs = ctx.requests({ path: '/api/velma-2-stt-batch' });
		assert.equal(reqs.length, 1, 'sent once, not retried');
		assert.equal(reqs[0].status, 401);
	},
};

export default c;
