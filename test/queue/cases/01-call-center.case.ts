/**
 * The call-center example, its trigger swapped for a webhook, run by a worker, checked with the very
 * checks of the single-process E2E case (test/e2e/cases/01-call-center.case.ts): whatever the example
 * becomes, both suites hold it to the same outcome.
 */
import assert from 'node:assert/strict';
import callCenter from '../../e2e/cases/01-call-center.case';
import type { CaseContext } from '../../e2e/lib/cases';
import { N8N_2 } from '../../e2e/lib/env';
import { getExecution, listExecutions } from '../lib/executions';
import { callWebhook, withWebhookTrigger } from '../lib/workflows';
import type { QueueCase } from '../lib/cases';

const ID = 'queueCallCenter00001';
const PATH = 'queue-call-center';

const c: QueueCase = {
	title: 'the call-center example, through a webhook, completes on a worker with the E2E checks',
	workflows: ({ sink, emu }) => [withWebhookTrigger(callCenter.workflow({ sink, emu, target: N8N_2 }), PATH, ID)],
	async run(ctx) {
		const sinkMark = ctx.sink.records.length;
		const e2eCtx: CaseContext = {
			target: N8N_2,
			emu: ctx.emu,
			sink: ctx.sink,
			nodeTypes: new Set(['modulate', 'modulatePlatform']),
			requests: (filter = {}) =>
				ctx.requests({ path: filter.path }).filter((r) => !filter.surface || r.surface === filter.surface),
			posted: (prefix) => ctx.sink.records.slice(sinkMark).filter((r) => r.path.startsWith(prefix)),
		};
		// The E2E case's own emulator set-up, if it has one.
		await callCenter.before?.(e2eCtx);
		const answer = await callWebhook(ctx.cluster.webhookUrl(PATH), { source: 'queue-test' });
		assert.equal(answer.status, 200, `webhook answer: ${JSON.stringify(answer.body).slice(0, 500)}`);
		const [summary, ...more] = await listExecutions(ctx.cluster.main!.server, ID);
		assert.ok(summary && more.length === 0, 'exactly one execution of the call-center workflow');
		const worker = ctx.cluster.workerOf(summary.id);
		assert.ok(worker, `execution ${summary.id} was started by a worker (worker logs: ${JSON.stringify([...ctx.cluster.executionsByWorker()])})`);
		ctx.log(`call-center: execution ${summary.id} ran on ${worker}`);
		const run = await getExecution(ctx.cluster.main!.server, summary.id);
		await callCenter.check(run, e2eCtx);
		// The recordings were stored as binaries in PostgreSQL (database mode) and uploaded from there.
		const binaryIds = JSON.stringify(run.data.data?.resultData?.runData ?? {}).match(/"id":"database:[^"]+"/g) ?? [];
		assert.ok(binaryIds.length >= 3, `the downloads are in the database binary store (ids: ${binaryIds.slice(0, 3).join(', ') || 'none'})`);
		ctx.figures.callCenter = { execution: summary.id, worker };
	},
};

export default c;
