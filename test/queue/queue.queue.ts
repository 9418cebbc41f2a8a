/**
 * `npm run test:queue`: our package in n8n 2.40.5's queue mode. One set-up for the whole run (Redis,
 * PostgreSQL, main, two workers; see lib/cluster.ts), the emulator, the sink and a recordings server in
 * this process, then the cases in test/queue/cases/ in file order. Logs: test-output/queue/.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_MODELS_KEY, DEFAULT_PLATFORM_ACCOUNT, startEmulator, type RunningEmulator } from '../emulator';
import { ALL_SECRETS } from '../e2e/lib/cases';
import { startSink, type RunningSink } from '../e2e/lib/sink';
import { CRED } from '../e2e/lib/workflow';
import { QueueCluster } from './lib/cluster';
import { baseEmulatorConfig, loadQueueCases, type Endpoints, type QueueContext } from './lib/cases';
import { QUEUE_OUTPUT, resetLogs } from './lib/processes';
import { startRecordings } from './lib/recordings';

const logPath = path.join(QUEUE_OUTPUT, 'suite.log');
function log(message: string): void {
	const line = `[queue ${new Date().toISOString().slice(11, 19)}] ${message}\n`;
	process.stderr.write(line);
	mkdirSync(QUEUE_OUTPUT, { recursive: true });
	appendFileSync(logPath, line);
}

describe('n8n 2.40.5 in queue mode: main + two workers, Redis, PostgreSQL', () => {
	const cases = loadQueueCases();
	const cluster = new QueueCluster();
	const figures: Record<string, unknown> = {};
	let emu: RunningEmulator;
	let sink: RunningSink;
	let recordings: Awaited<ReturnType<typeof startRecordings>>;
	let endpoints: Endpoints;

	beforeAll(async () => {
		mkdirSync(QUEUE_OUTPUT, { recursive: true });
		for (const p of ['n8n-', 'redis', 'postgres']) resetLogs(p);
		writeFileSync(logPath, '');
		emu = await startEmulator({ config: baseEmulatorConfig() });
		sink = await startSink();
		recordings = await startRecordings();
		endpoints = { sinkUrl: sink.url, recordingsUrl: recordings.url, sink, emu };
		await cluster.start({
			log,
			credentials: [
				{ ...CRED.models, type: 'modulateApi', data: { apiKey: DEFAULT_MODELS_KEY, baseUrl: emu.url } },
				{
					...CRED.platform,
					type: 'modulatePlatformApi',
					data: { accountUuid: DEFAULT_PLATFORM_ACCOUNT.accountUuid, apiKey: DEFAULT_PLATFORM_ACCOUNT.apiKey, baseUrl: emu.url },
				},
			],
			workflows: cases.flatMap((c) => c.workflows(endpoints)),
		});
	}, 900_000);

	afterAll(async () => {
		writeFileSync(path.join(QUEUE_OUTPUT, 'figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
		log(`figures: ${JSON.stringify(figures)}`);
		await cluster.stop();
		await recordings?.close();
		await sink?.close();
		await emu?.close();
	}, 180_000);

	for (const c of cases) {
		test(c.title, async () => {
			await cluster.ready();
			emu.state.configure(baseEmulatorConfig());
			emu.state.peakInflight.clear();
			const mark = emu.state.requests.length;
			const ctx: QueueContext = {
				...endpoints,
				cluster,
				figures,
				log,
				requests: (filter = {}) => emu.state.requests.slice(mark).filter((r) => !filter.path || r.path.includes(filter.path)),
			};
			log(`case: ${c.title}`);
			await c.run(ctx);
		}, c.timeoutMs ?? 300_000);
	}

	test('no API key appears in the logs of main or workers', () => {
		const logs = [cluster.main!.process, ...cluster.workers.map((w) => w.process)].map((p) => p.output()).join('\n');
		for (const s of ALL_SECRETS) assert.ok(!logs.includes(s), `an API key (${s.slice(0, 6)}…) appears in n8n's logs`);
	});
});
