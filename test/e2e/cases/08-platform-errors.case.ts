/**
 * A sample of the Platform bad-input catalogue (test/errors/platform.test.ts) in real n8n: job IDs that are
 * not plain tokens, an expression of the wrong type, broken answers (plain text, `{}`, JSON that does not
 * parse) and a submit whose answer is lost after the job was created (not sent twice). Every node continues
 * on fail, so each case is one error item; the nodes run in a chain, so the emulator's fault script meets
 * the Platform calls in a known order.
 */
import assert from 'node:assert/strict';
import { assertNoSecrets, assertSucceeded, out, type E2ECase } from '../lib/cases';
import { download, manualTrigger, platform, workflow } from '../lib/workflow';

const onError = { onError: 'continueRegularOutput' as const };
const noWait = { waitForCompletion: false, options: { retryInitialDelayMs: 50 } };

/** Node name → what its one error item must say. */
const EXPECT: Record<string, { category: string; error: RegExp }> = {
	'Job ID ..': { category: 'badRequest', error: /^Item 0: the job ID "\.\." is not a valid job ID/ },
	'Job ID a path': { category: 'badRequest', error: /^Item 0: the job ID "\.\.\/admin" is not a valid job ID/ },
	'Job ID an object': { category: 'badRequest', error: /"Job ID" must be text or a whole number, but the expression gave an object/ },
	'Submit, text answer': { category: 'invalidAnswer', error: /invalid answer from the Modulate Platform to the upload: it is text\/plain, not JSON/ },
	'Submit, {} answer': { category: 'invalidAnswer', error: /to the upload: it has no job_id/ },
	'Submit, lost answer': { category: 'network', error: /may have created the job.*Not retried, so that no second \(billed\) job is created/ },
	'Status, broken JSON': { category: 'invalidAnswer', error: /^Get Status \(job e2e-job-1\): invalid answer .* labelled JSON but does not parse/ },
};

const c: E2ECase = {
	id: 'e2ePlatformErrors0001',
	title: 'Platform bad inputs and broken answers: one clear error item each, no second job',
	covers: ['modulatePlatform.getStatus', 'modulatePlatform.submit'],
	requires: ['modulatePlatform'],
	workflow: ({ sink }) =>
		workflow(c.id, 'E2E: Platform errors', [
			manualTrigger('Start'),
			platform('Job ID ..', 'getStatus', { jobId: '..' }, onError),
			platform('Job ID a path', 'getStatus', { jobId: '../admin' }, onError),
			platform('Job ID an object', 'getStatus', { jobId: '={{ $json }}' }, onError),
			download('Download 1', `${sink.url}/recordings/call-01-billing.mp3`),
			platform('Submit, text answer', 'submit', noWait, onError),
			download('Download 2', `${sink.url}/recordings/call-01-billing.mp3`),
			platform('Submit, {} answer', 'submit', noWait, onError),
			download('Download 3', `${sink.url}/recordings/call-01-billing.mp3`),
			platform('Submit, lost answer', 'submit', noWait, onError),
			platform('Status, broken JSON', 'getStatus', { jobId: 'e2e-job-1' }, onError),
		], [
			['Start', 'Job ID ..'],
			['Job ID ..', 'Job ID a path'],
			['Job ID a path', 'Job ID an object'],
			['Job ID an object', 'Download 1'],
			['Download 1', 'Submit, text answer'],
			['Submit, text answer', 'Download 2'],
			['Download 2', 'Submit, {} answer'],
			['Submit, {} answer', 'Download 3'],
			['Download 3', 'Submit, lost answer'],
			['Submit, lost answer', 'Status, broken JSON'],
		]),
	before(ctx) {
		ctx.emu.state.configure({ faults: { script: ['text200', 'empty200', 'dropAfterCreate', 'badJson200'], scriptPath: '/api_service' } });
	},
	check(run, ctx) {
		assertSucceeded(run);
		assertNoSecrets(run);
		for (const [name, expected] of Object.entries(EXPECT)) {
			const items = out(run, name);
			assert.equal(items.length, 1, `${name}: one item`);
			const json = items[0].json;
			assert.equal(json.category, expected.category, `${name}: category (${JSON.stringify(json).slice(0, 400)})`);
			assert.equal(json.retryable, false, `${name}: not retryable`);
			assert.match(String(json.error), expected.error, `${name}: message`);
			assert.doesNotMatch(String(json.error), /ECONNRESET|ECONNREFUSED|ETIMEDOUT/, `${name}: no error code in the message`);
		}
		const reqs = ctx.requests({ surface: 'platform' });
		assert.deepEqual(
			reqs.map((r) => `${r.method} ${r.path} ${r.status}`),
			['POST /api_service 200', 'POST /api_service 200', 'POST /api_service 0', 'GET /api_service/job_status/e2e-job-1 200'],
			'the local faults sent nothing, and the lost submit was not sent twice',
		);
	},
};

export default c;
