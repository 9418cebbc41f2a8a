/**
 * A queue-mode case: the workflows it needs (imported and activated before n8n starts, since the main
 * process registers production webhooks at start-up) and a `run` that calls them and checks the outcome.
 * Each case sets the emulator up itself and looks only at what happened after it started.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_MODELS_KEY, type RunningEmulator, type RecordedRequest } from '../../emulator';
import type { RunningSink } from '../../e2e/lib/sink';
import type { Workflow } from '../../e2e/lib/workflow';
import type { QueueCluster } from './cluster';

/** The organization's concurrent limit per model that the emulator enforces for the Models key. */
export const ORG_LIMIT = 4;

export function baseEmulatorConfig() {
	return {
		modelsKeys: { [DEFAULT_MODELS_KEY]: { concurrency: ORG_LIMIT } },
		processingMs: { 'velma-2-stt-batch': 300 },
	};
}

export interface Endpoints {
	sinkUrl: string;
	recordingsUrl: string;
	sink: RunningSink;
	emu: RunningEmulator;
}

export interface QueueContext extends Endpoints {
	cluster: QueueCluster;
	/** Emulator requests since the case started. */
	requests(filter?: { path?: string }): RecordedRequest[];
	log(message: string): void;
	/** Figures for docs/scaling.md, written to test-output/queue/figures.json at the end. */
	figures: Record<string, unknown>;
}

export interface QueueCase {
	title: string;
	timeoutMs?: number;
	workflows(env: Endpoints): Workflow[];
	run(ctx: QueueContext): Promise<void>;
}

export function loadQueueCases(dir = path.join(__dirname, '..', 'cases')): QueueCase[] {
	return readdirSync(dir)
		.filter((f) => f.endsWith('.case.ts'))
		.sort()
		.flatMap((f) => {
			const mod = require(path.join(dir, f)) as { default: QueueCase | QueueCase[] };
			return Array.isArray(mod.default) ? mod.default : [mod.default];
		});
}

/** Names of the files uploaded to a Models endpoint, with how often each arrived and was answered 200. */
export function uploadsByFile(requests: RecordedRequest[]): Map<string, { attempts: number; ok: number }> {
	const m = new Map<string, { attempts: number; ok: number }>();
	for (const r of requests) {
		const name = r.files[0]?.fileName;
		if (!name) continue;
		const e = m.get(name) ?? { attempts: 0, ok: 0 };
		e.attempts++;
		if (r.status === 200) e.ok++;
		m.set(name, e);
	}
	return m;
}
