/**
 * A worker stopped with SIGTERM while it runs one of our executions. What n8n 2.40.5 does: the worker
 * pauses its queue (takes no new job), waits for its running executions to finish (up to
 * N8N_GRACEFUL_SHUTDOWN_TIMEOUT; 60 s here, 30 s by default), then exits. Past that budget it would cancel
 * them. So the execution completes on the stopping worker: every recording is transcribed exactly once,
 * none twice (no re-queue to the other worker), none lost.
 */
import assert from 'node:assert/strict';
import type { QueueCase } from '../lib/cases';
import { uploadsByFile } from '../lib/cases';
import { getExecution, listExecutions } from '../lib/executions';
import { waitFor } from '../lib/processes';
import { recordingNames } from '../lib/recordings';
import { callWebhook, transcribeBatchWorkflow } from '../lib/workflows';

const ID = 'queueWorkerSigterm01';
const PATH = 'queue-worker-sigterm';

const c: QueueCase = {
	title: 'a worker stopped with SIGTERM mid-execution: the execution finishes there, each recording once',
	timeoutMs: 420_000,
	workflows: ({ recordingsUrl }) => [transcribeBatchWorkflow(ID, PATH, recordingsUrl, { maxConcurrentRequests: 1 })],
	async run(ctx) {
		// One recording at a time, each held 1.5 s: the execution is still running when the signal comes.
		ctx.emu.state.configure({ processingMs: { 'velma-2-stt-batch': 1500 } });
		const files = recordingNames('sig', 5);
		let answered = false;
		const answer = callWebhook(ctx.cluster.webhookUrl(PATH), { batch: 1, files }).finally(() => (answered = true));

		// Signal from the emulator: the first transcription of this execution has arrived.
		await waitFor('the first upload of the execution', async () => {
			if (answered) assert.fail(`the webhook answered before any upload: ${JSON.stringify(await answer).slice(0, 400)}`);
			return ctx.requests({ path: '/api/velma-2-stt-batch' }).some((r) => r.files[0]?.fileName?.startsWith('sig'));
		}, 180_000);
		const running = await waitFor('the execution to be listed', async () => (await listExecutions(ctx.cluster.main!.server, ID))[0], 60_000);
		const workerName = await waitFor('the worker that started it', () => ctx.cluster.workerOf(running.id), 60_000);
		const worker = ctx.cluster.workers.find((w) => w.name === workerName)!;
		const before = uploadsByFile(ctx.requests({ path: '/api/velma-2-stt-batch' }));
		ctx.log(`sigterm: execution ${running.id} on ${workerName}; ${before.size} upload(s) so far; sending SIGTERM`);
		// To the worker process only, as `docker stop` or Kubernetes would.
		worker.process.child.kill('SIGTERM');

		const reply = await answer;
		assert.equal(reply.status, 200, `webhook answer: ${JSON.stringify(reply.body).slice(0, 400)}`);
		assert.deepEqual(reply.body, { batch: 1, transcripts: 5 });
		const exit = await worker.process.exited;
		ctx.log(`sigterm: ${workerName} exited with ${JSON.stringify(exit)}`);
		assert.equal(exit.code, 0, `the worker exits cleanly after its execution (exit ${JSON.stringify(exit)})`);
		const out = worker.process.output();
		assert.match(out, /Stopping worker/);
		assert.match(out, new RegExp(`Waiting for 1 active executions to finish\\.\\.\\. \\(execution IDs: ${running.id}\\)`));
		assert.match(out, new RegExp(`Worker finished execution ${running.id}`));

		const run = await getExecution(ctx.cluster.main!.server, running.id);
		assert.equal(run.data.status, 'success');
		const [summary, ...more] = await listExecutions(ctx.cluster.main!.server, ID);
		assert.ok(summary.id === running.id && more.length === 0, 'one execution, not re-run elsewhere');
		const uploads = uploadsByFile(ctx.requests({ path: '/api/velma-2-stt-batch' }));
		assert.deepEqual([...uploads.keys()].sort(), [...files].sort());
		for (const [file, u] of uploads) assert.deepEqual(u, { attempts: 1, ok: 1 }, `${file}: sent once`);
		ctx.figures.sigterm = { execution: running.id, worker: workerName, uploadsBeforeSignal: before.size, exit };

		// Back to two workers for whatever runs next.
		ctx.cluster.replaceWorker(workerName);
	},
};

export default c;
