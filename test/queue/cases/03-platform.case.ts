/** A Platform job, submitted and waited for inside one execution, which runs on a worker. */
import assert from 'node:assert/strict';
import { code, download, platform } from '../../e2e/lib/workflow';
import type { QueueCase } from '../lib/cases';
import { getExecution, listExecutions } from '../lib/executions';
import { callWebhook, webhookNode } from '../lib/workflows';

const ID = 'queuePlatformWait001';
const PATH = 'queue-platform';

const c: QueueCase = {
	title: 'Platform: submit and wait for the job, in an execution a worker runs',
	workflows: ({ recordingsUrl }) => {
		const nodes = [
			webhookNode('Webhook', PATH),
			code('Recording', `return [{ json: { url: ${JSON.stringify(recordingsUrl)} + '/recordings/' + $input.first().json.body.file } }];`),
			download('Download', '={{ $json.url }}'),
			platform('Submit and wait', 'submit', { waitForCompletion: true, pollingOptions: { pollIntervalSeconds: 0.2, maxPollIntervalSeconds: 0.5 } }),
		];
		nodes.forEach((n, i) => (n.position = [i * 240, 0]));
		const link = (from: string, to: string) => ({ [from]: { main: [[{ node: to, type: 'main' as const, index: 0 }]] } });
		return [{
			id: ID,
			name: 'Queue: Platform submit and wait',
			nodes,
			connections: { ...link('Webhook', 'Recording'), ...link('Recording', 'Download'), ...link('Download', 'Submit and wait') },
			settings: { executionOrder: 'v1' },
			active: true,
			pinData: {},
		}];
	},
	async run(ctx) {
		ctx.emu.state.configure({ platformJobMs: 1500 });
		const answer = await callWebhook(ctx.cluster.webhookUrl(PATH), { file: 'plat1-call-02-clinic.mp3' });
		assert.equal(answer.status, 200, `webhook answer: ${JSON.stringify(answer.body).slice(0, 500)}`);
		assert.equal((answer.body as { status?: string }).status, 'completed', `the job result: ${JSON.stringify(answer.body).slice(0, 500)}`);
		const [summary, ...more] = await listExecutions(ctx.cluster.main!.server, ID);
		assert.ok(summary && more.length === 0, 'one execution');
		assert.equal(summary.status, 'success');
		const worker = ctx.cluster.workerOf(summary.id);
		assert.ok(worker, `execution ${summary.id} ran on a worker`);
		const run = await getExecution(ctx.cluster.main!.server, summary.id);
		const [result] = run.data.data?.resultData?.runData?.['Submit and wait']?.[0]?.data?.main?.[0] ?? [];
		assert.equal(result?.json.status, 'completed');
		const platformReqs = ctx.requests({ path: '/api_service' });
		assert.ok(platformReqs.length >= 2, `submitted, then polled: ${platformReqs.map((r) => r.path).join(', ')}`);
		ctx.log(`platform: execution ${summary.id} on ${worker}, ${platformReqs.length} Platform requests`);
		ctx.figures.platform = { execution: summary.id, worker, platformRequests: platformReqs.length };
	},
};

export default c;
