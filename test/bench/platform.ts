/**
 * Platform benchmark: single-file jobs that each take 3 s at the emulator, submitted by one Modulate
 * Platform node execution with "Wait for Completion" on and the default polling options: 1 job and 20
 * jobs, with the submit answer's estimate "3-5 seconds" and with none. Figures: wall time against the
 * job's duration (median of 3), status calls per job, and the calls the schedule plans for a 3 s job.
 * Run alone: `node --import tsx test/bench/platform.ts`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ModulatePlatformApi } from '../../credentials/ModulatePlatformApi.credentials';
import { DEFAULT_POLL } from '../../nodes/ModulatePlatform/polling/fields';
import { readProcessingEstimate } from '../../nodes/ModulatePlatform/platformApi';
import { expectedPolls } from '../../nodes/ModulatePlatform/polling/schedule';
import { startEmulator } from '../emulator/server';
import { DEFAULT_PLATFORM_ACCOUNT } from '../emulator/state';
import { binaryItem, runNode } from '../helpers/n8n';
import { ModulatePlatform } from '../helpers/nodes';

export interface PlatformBenchFigures {
	jobs: number;
	jobMs: number;
	estimate: string | null;
	completed: number;
	wallMs: number;
	ratioToJob: number;
	runs: number[];
	statusCallsPerJob: { min: number; max: number; mean: number };
	statusCallsPlannedPerJob: number;
	submitCalls: number;
}

async function runOnce(jobs: number, jobMs: number, estimate: string | null) {
	const emu = await startEmulator({ config: { platformJobMs: jobMs, platformEstimate: estimate } });
	try {
		const audio = readFileSync(path.resolve(__dirname, '../fixtures/audio/call-02-clinic.mp3'));
		const items = await Promise.all(
			Array.from({ length: jobs }, async (_, i) => await binaryItem(audio, `call-${i}.mp3`, 'audio/mpeg')),
		);
		const started = performance.now();
		const { output } = await runNode(new ModulatePlatform(), {
			parameters: { resource: 'job', operation: 'submit' },
			credentials: { modulatePlatformApi: { ...DEFAULT_PLATFORM_ACCOUNT, baseUrl: emu.url } } as never,
			credentialTypes: [new ModulatePlatformApi()],
			items,
		});
		const wallMs = Math.round(performance.now() - started);
		const perJob = new Map<string, number>();
		for (const r of emu.state.requests) {
			if (r.path.startsWith('/api_service/job_status/')) perJob.set(r.path, (perJob.get(r.path) ?? 0) + 1);
		}
		return {
			wallMs,
			counts: [...perJob.values()],
			completed: output[0].filter((i) => i.json.status === 'completed').length,
			submitCalls: emu.state.requests.filter((r) => r.path === '/api_service').length,
		};
	} finally {
		await emu.close();
	}
}

export async function runPlatformBench(jobs = 20, jobMs = 3000, estimate: string | null = null, runs = 3): Promise<PlatformBenchFigures> {
	const all = [];
	for (let i = 0; i < runs; i++) all.push(await runOnce(jobs, jobMs, estimate));
	const sorted = [...all].sort((a, b) => a.wallMs - b.wallMs);
	const median = sorted[Math.floor(sorted.length / 2)];
	const counts = median.counts;
	const settings = {
		intervalMs: DEFAULT_POLL.intervalSeconds * 1000,
		backoffFactor: DEFAULT_POLL.backoffFactor,
		maxIntervalMs: DEFAULT_POLL.maxIntervalSeconds * 1000,
		timeoutMs: DEFAULT_POLL.timeoutSeconds * 1000,
	};
	return {
		jobs,
		jobMs,
		estimate,
		completed: median.completed,
		wallMs: median.wallMs,
		ratioToJob: Math.round((median.wallMs / jobMs) * 100) / 100,
		runs: all.map((r) => r.wallMs),
		statusCallsPerJob: {
			min: Math.min(...counts),
			max: Math.max(...counts),
			mean: Math.round((counts.reduce((a, b) => a + b, 0) / counts.length) * 100) / 100,
		},
		statusCallsPlannedPerJob: expectedPolls(jobMs, settings, readProcessingEstimate({ estimated_processing_time: estimate })),
		submitCalls: median.submitCalls,
	};
}

/** The four cases of issue 13: 1 and 20 jobs, with the estimate "3-5 seconds" and without one. */
export async function runPlatformWaitsBench(log: (line: string) => void = console.log): Promise<PlatformBenchFigures[]> {
	const figures: PlatformBenchFigures[] = [];
	for (const estimate of ['3-5 seconds', null]) {
		for (const jobs of [1, 20]) {
			const f = await runPlatformBench(jobs, 3000, estimate);
			figures.push(f);
			log(
				`  ${String(jobs).padStart(2)} job(s) of 3 s, estimate ${estimate ? `"${estimate}"` : 'none'}: ${f.completed}/${f.jobs} completed, ${f.wallMs} ms (${f.ratioToJob}× the job; runs ${f.runs.join(', ')}), status calls per job ${f.statusCallsPerJob.min}–${f.statusCallsPerJob.max} (planned ${f.statusCallsPlannedPerJob})`,
			);
		}
	}
	return figures;
}

if (require.main === module) {
	runPlatformWaitsBench().then(
		() => process.exit(0),
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
}
