/**
 * Platform benchmark: 20 single-file jobs that each take 3 s at the emulator, submitted by one Modulate
 * Platform node execution with "Wait for Completion" on and the default polling options. Target: wall
 * time under 6 s (waited together, not 60 s in sequence), and status calls per job within the schedule
 * the options imply. Run alone: `node --import tsx test/bench/platform.ts`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ModulatePlatformApi } from '../../credentials/ModulatePlatformApi.credentials';
import { DEFAULT_POLL } from '../../nodes/ModulatePlatform/polling/fields';
import { expectedPolls } from '../../nodes/ModulatePlatform/polling/schedule';
import { startEmulator } from '../emulator/server';
import { DEFAULT_PLATFORM_ACCOUNT } from '../emulator/state';
import { binaryItem, runNode } from '../helpers/n8n';
import { ModulatePlatform } from '../helpers/nodes';

export interface PlatformBenchFigures {
	jobs: number;
	jobMs: number;
	completed: number;
	wallMs: number;
	targetWallMs: number;
	meetsTarget: boolean;
	statusCallsPerJob: { min: number; max: number; mean: number };
	statusCallsAllowedPerJob: number;
	submitCalls: number;
}

export async function runPlatformBench(jobs = 20, jobMs = 3000): Promise<PlatformBenchFigures> {
	const emu = await startEmulator({ config: { platformJobMs: jobMs } });
	try {
		const audio = readFileSync(path.resolve(__dirname, '../fixtures/audio/call-02-clinic.mp3'));
		const items = await Promise.all(
			Array.from({ length: jobs }, async (_, i) => await binaryItem(audio, `call-${i}.mp3`, 'audio/mpeg')),
		);
		const started = Date.now();
		const { output } = await runNode(new ModulatePlatform(), {
			parameters: { resource: 'job', operation: 'submit' },
			credentials: { modulatePlatformApi: { ...DEFAULT_PLATFORM_ACCOUNT, baseUrl: emu.url } } as never,
			credentialTypes: [new ModulatePlatformApi()],
			items,
		});
		const wallMs = Date.now() - started;
		const perJob = new Map<string, number>();
		for (const r of emu.state.requests) {
			if (r.path.startsWith('/api_service/job_status/')) perJob.set(r.path, (perJob.get(r.path) ?? 0) + 1);
		}
		const counts = [...perJob.values()];
		return {
			jobs,
			jobMs,
			completed: output[0].filter((i) => i.json.status === 'completed').length,
			wallMs,
			targetWallMs: 6000,
			meetsTarget: wallMs < 6000,
			statusCallsPerJob: {
				min: Math.min(...counts),
				max: Math.max(...counts),
				mean: Math.round((counts.reduce((a, b) => a + b, 0) / counts.length) * 100) / 100,
			},
			statusCallsAllowedPerJob: expectedPolls(jobMs, {
				intervalMs: DEFAULT_POLL.intervalSeconds * 1000,
				backoffFactor: DEFAULT_POLL.backoffFactor,
				maxIntervalMs: DEFAULT_POLL.maxIntervalSeconds * 1000,
				timeoutMs: DEFAULT_POLL.timeoutSeconds * 1000,
			}),
			submitCalls: emu.state.requests.filter((r) => r.path === '/api_service').length,
		};
	} finally {
		await emu.close();
	}
}

if (require.main === module) {
	runPlatformBench().then(
		(f) => {
			console.log(JSON.stringify(f, null, 2));
			console.log(
				`platform: ${f.completed}/${f.jobs} jobs of ${f.jobMs / 1000} s completed in ${f.wallMs} ms (target < ${f.targetWallMs} ms: ${f.meetsTarget ? 'met' : 'MISSED'}); status calls per job ${f.statusCallsPerJob.min}–${f.statusCallsPerJob.max} (schedule allows ${f.statusCallsAllowedPerJob})`,
			);
			process.exit(0);
		},
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
}
