/** The Platform example (submit and wait; the Wait-node polling loop) and the other Platform operations. */
import assert from 'node:assert/strict';
import { assertSucceeded, out, type E2ECase } from '../lib/cases';
import { download, e2eCopy, loadExample, manualTrigger, platform, workflow } from '../lib/workflow';

const example = loadExample('platform-job-submit-and-wait.json');

const exampleCase: E2ECase = {
	id: `${example.id}E2E`,
	title: 'example: Platform job, submit and wait, plus the Wait-node polling loop',
	covers: ['modulatePlatform.submit', 'modulatePlatform.getStatus'],
	requires: ['modulatePlatform'],
	workflow: ({ sink }) =>
		e2eCopy(example, {
			sinkUrl: sink.url,
			tweak: (n) => {
				if (n.type === 'n8n-nodes-base.wait') n.parameters = { ...n.parameters, amount: 1, unit: 'seconds' };
				if (n.type === 'n8n-nodes-modulate.modulatePlatform' && n.parameters.pollingOptions) {
					n.parameters.pollingOptions = { ...(n.parameters.pollingOptions as object), pollIntervalSeconds: 0.2, maxPollIntervalSeconds: 0.5 };
				}
			},
		}),
	before(ctx) {
		ctx.emu.state.configure({ platformJobMs: 1500 });
	},
	check(run, ctx) {
		assertSucceeded(run);
		if (process.env.MODULATE_E2E_DEBUG) console.log(JSON.stringify(out(run, 'Submit and wait')).slice(0, 3000), JSON.stringify(ctx.requests().map((r) => [r.surface, r.path, r.status])));
		const waited = out(run, 'Submit and wait');
		assert.equal(waited.length, 2, 'one result per recording');
		for (const w of waited) assert.equal(w.json.status, 'completed');
		const results = out(run, 'Job result');
		assert.equal(results.length, 2, 'the Wait loop ended with both jobs finished');
		for (const r of results) assert.notEqual(r.json.status, 'processing');
		// What went over the wire, when the emulator's Platform area records its requests (not all versions do).
		const platformReqs = ctx.requests({ path: '/api_service' });
		if (platformReqs.length) assert.ok(platformReqs.some((r) => r.path.includes('job_status')), 'status was polled');
	},
};

const opsCase: E2ECase = {
	id: 'e2ePlatformOps000001',
	title: 'Platform operations: multi-file job, realtime session, wait for completion',
	covers: ['modulatePlatform.submitMultiFile', 'modulatePlatform.startRealtimeSession', 'modulatePlatform.waitForCompletion'],
	requires: ['modulatePlatform'],
	workflow: ({ sink }) =>
		workflow(opsCase.id, 'E2E: Platform operations', [
			manualTrigger('Start'),
			download('Download call 01', `${sink.url}/recordings/call-01-billing.mp3`),
			download('Download call 02', `${sink.url}/recordings/call-02-clinic.mp3`),
			{ ...platform('Submit multi-file', 'submitMultiFile', { waitForCompletion: true, output: 'perJob', pollingOptions: { pollIntervalSeconds: 0.2, maxPollIntervalSeconds: 0.5 } }) },
			platform('Start realtime session', 'startRealtimeSession', {}),
			platform('Submit (no wait)', 'submit', { waitForCompletion: false }),
			platform('Wait for completion', 'waitForCompletion', { pollingOptions: { pollIntervalSeconds: 0.2, maxPollIntervalSeconds: 0.5 } }),
		], [
			['Start', 'Download call 01'],
			['Download call 01', 'Download call 02'],
			['Download call 02', 'Submit multi-file'],
			['Start', 'Start realtime session'],
			['Download call 01', 'Submit (no wait)'],
			['Submit (no wait)', 'Wait for completion'],
		]),
	before(ctx) {
		ctx.emu.state.configure({ platformJobMs: 800 });
	},
	check(run, ctx) {
		assertSucceeded(run);
		const multi = out(run, 'Submit multi-file');
		assert.ok(multi.length >= 1, 'a multi-file job result');
		const rt = out(run, 'Start realtime session');
		assert.equal(rt.length, 1);
		assert.ok(Object.keys(rt[0].json).length > 0, 'session details');
		const [done] = out(run, 'Wait for completion');
		assert.equal(done.json.status, 'completed');
		const platformReqs = ctx.requests({ path: '/api_service' });
		if (platformReqs.length) assert.ok(platformReqs.every((r) => r.headers.accountuuid && r.headers.apikey), 'both Platform auth headers sent');
	},
};

export default [exampleCase, opsCase];
