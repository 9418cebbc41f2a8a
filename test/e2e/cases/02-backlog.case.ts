/** The backlog example: bounded concurrency, order kept, failures on the error output. */
import assert from 'node:assert/strict';
import { DEFAULT_MODELS_KEY } from '../../emulator';
import { assertSucceeded, out, type E2ECase } from '../lib/cases';
import { e2eCopy, loadExample } from '../lib/workflow';

const example = loadExample('backlog-bounded-concurrency.json');

const c: E2ECase = {
	id: `${example.id}E2E`,
	title: 'example: backlog with bounded concurrency and an error branch',
	covers: ['modulate.transcribe'],
	workflow: ({ sink }) => e2eCopy(example, { sinkUrl: sink.url }),
	before(ctx) {
		ctx.emu.state.peakInflight.clear();
	},
	check(run, ctx) {
		assertSucceeded(run);
		const ok = out(run, 'Transcribe', 0);
		const failed = out(run, 'Transcribe', 1);
		assert.equal(ok.length, 6, 'six recordings transcribed');
		assert.equal(failed.length, 2, 'two recordings on the error output');
		// Input order kept on the success output.
		const rows = out(run, 'Transcript row').map((r) => r.json.file);
		assert.deepEqual(rows, [
			'call-01-billing.mp3', 'call-02-clinic.mp3', 'call-03-urgent-transfer.mp3',
			'call-01-billing.wav', 'call-02-clinic.wav', 'call-03-urgent-transfer.wav',
		]);
		const failures = out(run, 'Failure row').map((r) => r.json);
		if (process.env.MODULATE_E2E_DEBUG) console.log(JSON.stringify(failed.map((f) => f.json)), JSON.stringify(failures));
		assert.deepEqual(failures.map((f) => f.file), ['meeting-notes.txt', 'call-99-missing.mp3']);
		for (const f of failures) {
			assert.ok(String(f.error).length > 10, 'an error message');
			assert.ok(f.category && f.category !== 'unknown', `a category to route on (got ${f.category})`);
			assert.equal(f.retryable, false);
		}
		// Bounded: never more than Max Concurrent Requests (2) in flight at the emulator, and none refused.
		const peak = ctx.emu.state.peakInflight.get(`${DEFAULT_MODELS_KEY}|velma-2-stt-batch`);
		assert.ok(peak !== undefined && peak <= 2, `peak in flight ${peak}`);
		const stt = ctx.requests().filter((r) => r.path === '/api/velma-2-stt-batch');
		assert.ok(stt.every((r) => r.status === 200), `all transcriptions answered 200: ${stt.map((r) => r.status)}`);
		assert.equal(ctx.posted('/crm/transcripts').length, 6);
		assert.equal(ctx.posted('/slack').length, 2);
	},
};

export default c;
