/**
 * A backlog as 20 concurrent webhook calls of 5 recordings each (100 recordings), spread over two workers.
 *
 * Sizing: each worker runs WORKER_CONCURRENCY executions at once and each execution sends up to its own
 * Max Concurrent Requests, so the requests in flight for one API key can reach
 * workers × worker concurrency × Max Concurrent Requests. Here 2 × 2 × 1 = ORG_LIMIT: never over the limit,
 * nothing refused. The second case sets Max Concurrent Requests to 3 (up to 12 against a limit of 4):
 * Modulate refuses the excess with 429, the node backs off and retries, and no recording is lost.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../e2e/lib/env';
import { DEFAULT_MODELS_KEY } from '../../emulator';
import { WORKER_CONCURRENCY } from '../lib/cluster';
import { ORG_LIMIT, uploadsByFile, type QueueCase, type QueueContext } from '../lib/cases';
import { getExecution, listExecutions } from '../lib/executions';
import { recordingNames } from '../lib/recordings';
import { callWebhook, transcribeBatchWorkflow } from '../lib/workflows';

const STT = '/api/velma-2-stt-batch';
const shas = new Map<string, string>();
function sampleSha(sample: string): string {
	if (!shas.has(sample)) shas.set(sample, createHash('sha256').update(readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'audio', sample))).digest('hex'));
	return shas.get(sample)!;
}
const PEAK_KEY = `${DEFAULT_MODELS_KEY}|velma-2-stt-batch`;

interface BacklogRun {
	executions: number;
	perWorker: Record<string, number>;
	recordings: number;
	requests: number;
	refused429: number;
	peakInFlight: number;
	wallSeconds: number;
}

/** Sends `batches` webhook calls at once, each with `perBatch` unique recordings; checks and measures. */
async function backlog(ctx: QueueContext, id: string, pathName: string, tag: string, batches: number, perBatch: number): Promise<BacklogRun> {
	const names = Array.from({ length: batches }, (_, b) => recordingNames(`${tag}b${b + 1}`, perBatch));
	const started = Date.now();
	const answers = await Promise.all(names.map(async (files, b) => await callWebhook(ctx.cluster.webhookUrl(pathName), { batch: b + 1, files })));
	const wallSeconds = (Date.now() - started) / 1000;
	answers.forEach((a, b) => {
		assert.equal(a.status, 200, `batch ${b + 1}: webhook answered ${a.status}: ${JSON.stringify(a.body).slice(0, 400)}`);
		assert.deepEqual(a.body, { batch: b + 1, transcripts: perBatch }, `batch ${b + 1}: every recording transcribed`);
	});

	const executions = await listExecutions(ctx.cluster.main!.server, id);
	assert.equal(executions.length, batches, `${batches} executions`);
	const perWorker: Record<string, number> = {};
	for (const e of executions) {
		assert.equal(e.status, 'success', `execution ${e.id}: ${e.status}`);
		const worker = ctx.cluster.workerOf(e.id);
		assert.ok(worker, `execution ${e.id} was started by a worker`);
		perWorker[worker] = (perWorker[worker] ?? 0) + 1;
	}
	// Every output item is paired with its input item, in a worker as in one process.
	const one = await getExecution(ctx.cluster.main!.server, executions[0].id);
	const items = one.data.data?.resultData?.runData?.Transcribe?.[0]?.data?.main?.[0] ?? [];
	assert.equal(items.length, perBatch);
	items.forEach((it, i) => assert.deepEqual(it.pairedItem, { item: i }));

	const stt = ctx.requests({ path: STT });
	const uploads = uploadsByFile(stt);
	const all = names.flat();
	assert.deepEqual([...uploads.keys()].sort(), [...all].sort(), 'every recording reached Modulate, and nothing else');
	for (const [file, u] of uploads) assert.equal(u.ok, 1, `${file} transcribed exactly once (${u.attempts} attempts)`);
	// The bytes that left the worker are the recording's, read back from the database binary store.
	for (const r of stt.filter((x) => x.status === 200)) {
		const name = r.files[0].fileName;
		assert.equal(r.files[0].sha256, sampleSha(name.slice(name.indexOf('-') + 1)), `${name}: uploaded bytes`);
	}
	const peak = ctx.emu.state.peakInflight.get(PEAK_KEY) ?? 0;
	assert.ok(peak <= ORG_LIMIT, `peak in flight ${peak} ≤ the limit ${ORG_LIMIT}`);
	const refused429 = stt.filter((r) => r.status === 429).length;
	assert.equal(stt.length, all.length + refused429, 'every request was either a transcription or a refusal over the limit');
	return { executions: batches, perWorker, recordings: all.length, requests: stt.length, refused429, peakInFlight: peak, wallSeconds };
}

const sized: QueueCase = {
	title: 'backlog: 20 concurrent webhook calls × 5 recordings, both workers, each recording once, never over the limit',
	timeoutMs: 600_000,
	workflows: ({ recordingsUrl }) => [transcribeBatchWorkflow('queueBacklog00000001', 'queue-backlog', recordingsUrl, { maxConcurrentRequests: 1 })],
	async run(ctx) {
		const r = await backlog(ctx, 'queueBacklog00000001', 'queue-backlog', 'q', 20, 5);
		ctx.log(`backlog: ${JSON.stringify(r)}`);
		assert.equal(Object.keys(r.perWorker).length, 2, `both workers took a share: ${JSON.stringify(r.perWorker)}`);
		// Sized to the limit: 2 workers × WORKER_CONCURRENCY × Max Concurrent Requests 1 = ORG_LIMIT.
		assert.equal(2 * WORKER_CONCURRENCY * 1, ORG_LIMIT);
		assert.equal(r.refused429, 0, 'nothing refused: the set-up never asks for more than the limit');
		ctx.figures.backlog = { ...r, orgLimit: ORG_LIMIT, workerConcurrency: WORKER_CONCURRENCY, maxConcurrentRequests: 1, requestsPerRecording: r.requests / r.recordings };
	},
};

const oversubscribed: QueueCase = {
	title: 'backlog over the limit: Max Concurrent Requests 3 per execution against a limit of 4: 429s retried, nothing lost',
	timeoutMs: 600_000,
	workflows: ({ recordingsUrl }) => [transcribeBatchWorkflow('queueBacklogOver0001', 'queue-backlog-over', recordingsUrl, { maxConcurrentRequests: 3 })],
	async run(ctx) {
		// Long enough that one execution's three requests overlap with each other and with other executions'.
		ctx.emu.state.configure({ processingMs: { 'velma-2-stt-batch': 1000 } });
		const r = await backlog(ctx, 'queueBacklogOver0001', 'queue-backlog-over', 'o', 8, 5);
		ctx.log(`backlog over the limit: ${JSON.stringify(r)}`);
		assert.ok(r.refused429 > 0, 'more was asked than the limit allows, and Modulate refused the excess');
		ctx.figures.backlogOverLimit = { ...r, orgLimit: ORG_LIMIT, workerConcurrency: WORKER_CONCURRENCY, maxConcurrentRequests: 3, requestsPerRecording: r.requests / r.recordings };
	},
};

export default [sized, oversubscribed];
