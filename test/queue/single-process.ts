/**
 * The comparison for docs/scaling.md: the queue suite's backlog (20 concurrent webhook calls × 5
 * recordings, Max Concurrent Requests 1, organization limit 4) in ONE regular-mode n8n 2.40.5 process,
 * allowed as many executions at once as the two workers together (N8N_CONCURRENCY_PRODUCTION_LIMIT=4).
 * Prints figures and writes test-output/queue/single-process.json; asserts nothing about time.
 *
 *   node --import tsx test/queue/single-process.ts     (after `npm run build`)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_MODELS_KEY, startEmulator } from '../emulator';
import { CRED } from '../e2e/lib/workflow';
import { baseEmulatorConfig, ORG_LIMIT, uploadsByFile } from './lib/cases';
import { QueueCluster, WORKER_CONCURRENCY } from './lib/cluster';
import { killListed, QUEUE_OUTPUT, resetLogs } from './lib/processes';
import { recordingNames, startRecordings } from './lib/recordings';
import { callWebhook, transcribeBatchWorkflow } from './lib/workflows';

async function main(): Promise<void> {
	resetLogs('single-process');
	const emu = await startEmulator({ config: baseEmulatorConfig() });
	const recordings = await startRecordings();
	const cluster = new QueueCluster('single', 2 * WORKER_CONCURRENCY);
	const log = (m: string) => process.stderr.write(`[single] ${m}\n`);
	try {
		await cluster.start({
			log,
			credentials: [{ ...CRED.models, type: 'modulateApi', data: { apiKey: DEFAULT_MODELS_KEY, baseUrl: emu.url } }],
			workflows: [transcribeBatchWorkflow('singleBacklog0000001', 'single-backlog', recordings.url, { maxConcurrentRequests: 1 })],
		});
		emu.state.peakInflight.clear();
		const mark = emu.state.requests.length;
		const names = Array.from({ length: 20 }, (_, b) => recordingNames(`sb${b + 1}`, 5));
		const started = Date.now();
		const answers = await Promise.all(names.map(async (files, b) => await callWebhook(cluster.webhookUrl('single-backlog'), { batch: b + 1, files })));
		const wallSeconds = (Date.now() - started) / 1000;
		if (answers[0].status !== 200) log(`first answer: ${answers[0].status} ${JSON.stringify(answers[0].body).slice(0, 600)}`);
		const stt = emu.state.requests.slice(mark).filter((r) => r.path === '/api/velma-2-stt-batch');
		const uploads = uploadsByFile(stt);
		const figures = {
			executions: answers.length,
			succeeded: answers.filter((a, b) => a.status === 200 && JSON.stringify(a.body) === JSON.stringify({ batch: b + 1, transcripts: 5 })).length,
			recordings: names.flat().length,
			transcribedOnce: [...uploads.values()].filter((u) => u.ok === 1).length,
			requests: stt.length,
			refused429: stt.filter((r) => r.status === 429).length,
			peakInFlight: emu.state.peakInflight.get(`${DEFAULT_MODELS_KEY}|velma-2-stt-batch`) ?? 0,
			orgLimit: ORG_LIMIT,
			productionConcurrency: 2 * WORKER_CONCURRENCY,
			wallSeconds,
		};
		console.log(JSON.stringify(figures, null, 2));
		writeFileSync(path.join(QUEUE_OUTPUT, 'single-process.json'), `${JSON.stringify(figures, null, 2)}\n`);
	} finally {
		await cluster.stop();
		await recordings.close();
		await emu.close();
	}
}

main().then(
	() => process.exit(0),
	(e) => {
		console.error(e);
		killListed();
		process.exit(1);
	},
);
