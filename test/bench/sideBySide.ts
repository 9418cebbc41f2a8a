/**
 * The Models API side by side (issue 13), against the emulator in its own process (an independent
 * server, as Modulate is): the node through n8n-core's real helpers, a raw HTTP client (fetch) with a
 * pool of the same size, and a one-at-a-time client, all sending the same recordings to Transcribe.
 *
 * - Limit known: emulator limit 4 per key and model, 200 ms per request, 40 recordings; the node with
 *   Concurrency Fixed 4 against the raw client's pool of 4. Ideal: 40 / 4 × 200 ms = 2 s.
 * - Limit unknown: Fixed 8 and 16 (what a user guessing too high got before Auto), Auto with ceilings 8
 *   and 16: ratio to ideal, failed items, refused requests.
 * - Wall time against the concurrency setting (1, 2, 4, 8, 16) for the node (Fixed and Auto) and the raw
 *   client, for the chart in docs/performance.md.
 * - Per-request overhead at zero latency: 100 requests one at a time, node against raw; and how often n8n
 *   was asked for the credential.
 *
 * Each figure is the median of 3 runs (the chart's extra points: 1 run). Prints; asserts nothing about time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { ModulateApi } from '../../credentials/ModulateApi.credentials';
import type { EmulatorConfig, RecordedRequest } from '../emulator/state';
import { DEFAULT_MODELS_KEY } from '../emulator/state';
import { binaryItem, runNode } from '../helpers/n8n';
import { Modulate } from '../helpers/nodes';
import { childEmulator } from './childEmulator';

const MODEL = 'velma-2-stt-batch';
const FILES = 40;
const LIMIT = 4;
const PROCESSING_MS = 200;
const RUNS = 3;

export interface RunFigures {
	wallMs: number;
	failedItems: number;
	refused: number;
	requests: number;
	peakInflight: number;
}

export interface SideBySideFigures {
	files: number;
	limit: number;
	processingMs: number;
	idealMs: number;
	runs: number;
	rows: Array<RunFigures & { name: string; ratioToIdeal: number; ratioToRaw: number }>;
	chart: Array<{ setting: number; nodeFixedMs: number; nodeAutoMs: number; rawMs: number; oneAtATimeMs: number }>;
	overhead: { requests: number; nodeMsPerRequest: number; rawMsPerRequest: number; ratio: number; credentialReadsPerItem: number };
}

interface Emulator {
	url: string;
	configure(partial: Partial<EmulatorConfig>): Promise<void>;
	/** Clears the request log and peaks; the configuration is set again by the caller. */
	reset(): Promise<void>;
	requests(): Promise<RecordedRequest[]>;
	peakInflight(): Promise<number>;
}

async function startEmulator(): Promise<Emulator & { stop: () => void }> {
	const child = await childEmulator();
	const call = async (path: string, body?: unknown) => {
		const response = await fetch(`${child.url}/__emulator${path}`, {
			method: body === undefined ? 'GET' : 'POST',
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return (await response.json()) as unknown;
	};
	return {
		url: child.url,
		stop: child.stop,
		configure: async (partial) => void (await call('/config', partial)),
		reset: async () => void (await call('/reset', {})),
		requests: async () => ((await call('/requests?surface=models')) as RecordedRequest[]).filter((r) => r.path === `/api/${MODEL}`),
		peakInflight: async () => Math.max(0, ...Object.values(((await call('/stats')) as { peakInflight: Record<string, number> }).peakInflight)),
	};
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

/** The run whose wall time is the median, so its other figures belong to the same run. */
function medianRun(runs: RunFigures[]): RunFigures {
	const wall = median(runs.map((r) => r.wallMs));
	return runs.find((r) => r.wallMs === wall)!;
}

/** Counts n8n's credential reads (the harness's stand-in for n8n's credential store). */
let credentialReads = 0;
let counting = false;
function countCredentialReads(helper: object): void {
	if (counting) return;
	counting = true;
	const prototype = Object.getPrototypeOf(helper) as { getDecrypted: (...args: unknown[]) => Promise<unknown> };
	const original = prototype.getDecrypted;
	prototype.getDecrypted = async function (this: unknown, ...args: unknown[]) {
		credentialReads++;
		return await original.apply(this, args);
	};
}

export async function runSideBySideBench(log: (line: string) => void = console.log): Promise<SideBySideFigures> {
	const emulator = await startEmulator();
	// The MP3 (140 KB) rather than the WAV (1.1 MB): on a small machine the upload would be the figure.
	const wav = readFileSync(join(__dirname, '..', 'fixtures', 'audio', 'call-01-billing.mp3'));
	const idealMs = (FILES / LIMIT) * PROCESSING_MS;
	const limited: Partial<EmulatorConfig> = {
		modelsKeys: { [DEFAULT_MODELS_KEY]: { concurrency: LIMIT } },
		processingMs: { [MODEL]: PROCESSING_MS },
	};
	const items = async (count: number, file: Buffer): Promise<INodeExecutionData[]> =>
		await Promise.all(Array.from({ length: count }, async (_, i) => await binaryItem(file, `bench-${i}.mp3`, 'audio/mpeg')));
	const credentials = { modulateApi: { apiKey: DEFAULT_MODELS_KEY, baseUrl: emulator.url } };

	const measure = async (config: Partial<EmulatorConfig>, send: () => Promise<number>): Promise<RunFigures> => {
		await emulator.reset();
		await emulator.configure(config);
		const started = performance.now();
		const failedItems = await send();
		const wallMs = Math.round(performance.now() - started);
		const requests = await emulator.requests();
		return {
			wallMs,
			failedItems,
			refused: requests.filter((r) => r.status === 429).length,
			requests: requests.length,
			peakInflight: await emulator.peakInflight(),
		};
	};

	const node = (input: INodeExecutionData[], options: INodeParameters) => async () => {
		const result = await runNode(new Modulate(), {
			parameters: { resource: 'transcription', operation: 'transcribe', options },
			items: input,
			credentials,
			credentialTypes: [new ModulateApi()],
			continueOnFail: true,
		});
		countCredentialReads(result.credentialsHelper);
		return result.output[0].filter((o) => 'error' in o.json).length;
	};

	/** A plain client: multipart with the same file, a pool of `pool`; a refusal waits 0–100 ms and goes again. */
	const raw = (file: Buffer, count: number, pool: number) => async () => {
		const blob = new Blob([file], { type: 'audio/mpeg' });
		let next = 0;
		const lane = async () => {
			while (next < count) {
				const index = next++;
				for (;;) {
					const form = new FormData();
					form.append('upload_file', blob, `bench-${index}.mp3`);
					const response = await fetch(`${emulator.url}/api/${MODEL}`, {
						method: 'POST',
						headers: { 'X-API-Key': DEFAULT_MODELS_KEY },
						body: form,
					});
					await response.arrayBuffer();
					if (response.status !== 429) break;
					await new Promise((resolve) => setTimeout(resolve, Math.random() * 100));
				}
			}
		};
		await Promise.all(Array.from({ length: Math.min(pool, count) }, lane));
		return 0;
	};

	try {
		const input = await items(FILES, wav);
		// Warm-up: module loading, connection set-up, JIT.
		await measure(limited, node(input.slice(0, 4), { concurrencyMode: 'fixed', maxConcurrentRequests: 4 }));
		await measure(limited, raw(wav, 4, 4));

		const medianOf = async (name: string, send: () => () => Promise<number>): Promise<RunFigures & { name: string }> => {
			const runs: RunFigures[] = [];
			for (let i = 0; i < RUNS; i++) runs.push(await measure(limited, send()));
			const figures = { name, ...medianRun(runs) };
			log(
				`  ${name.padEnd(34)} ${String(figures.wallMs).padStart(6)} ms  (runs ${runs.map((r) => r.wallMs).join(', ')})  failed ${figures.failedItems}, refused ${figures.refused}/${figures.requests}`,
			);
			return figures;
		};

		log(`  ${FILES} recordings, limit ${LIMIT}, ${PROCESSING_MS} ms each; ideal ${idealMs} ms; median of ${RUNS}`);
		const rawPool = await medianOf(`raw client, pool ${LIMIT}`, () => raw(wav, FILES, LIMIT));
		const oneAtATime = await medianOf('one-at-a-time client', () => raw(wav, FILES, 1));
		const fixed4 = await medianOf('node, Fixed 4 (limit known)', () => node(input, { concurrencyMode: 'fixed', maxConcurrentRequests: 4 }));
		const fixed8 = await medianOf('node, Fixed 8 (limit unknown)', () => node(input, { concurrencyMode: 'fixed', maxConcurrentRequests: 8 }));
		const fixed16 = await medianOf('node, Fixed 16 (limit unknown)', () => node(input, { concurrencyMode: 'fixed', maxConcurrentRequests: 16 }));
		const auto8 = await medianOf('node, Auto, ceiling 8', () => node(input, { maxConcurrentRequests: 8 }));
		const auto16 = await medianOf('node, Auto (default, ceiling 16)', () => node(input, {}));

		const rows = [rawPool, oneAtATime, fixed4, fixed8, fixed16, auto8, auto16].map((r) => ({
			...r,
			ratioToIdeal: Math.round((r.wallMs / idealMs) * 100) / 100,
			ratioToRaw: Math.round((r.wallMs / rawPool.wallMs) * 100) / 100,
		}));

		// The chart: one run per extra point; the medians above where they exist.
		const once = async (send: () => Promise<number>) => (await measure(limited, send)).wallMs;
		const chart: SideBySideFigures['chart'] = [];
		for (const setting of [1, 2, 4, 8, 16]) {
			const nodeFixedMs =
				setting === 4 ? fixed4.wallMs : setting === 8 ? fixed8.wallMs : setting === 16 ? fixed16.wallMs
					: await once(node(input, { concurrencyMode: 'fixed', maxConcurrentRequests: setting }));
			const nodeAutoMs =
				setting === 8 ? auto8.wallMs : setting === 16 ? auto16.wallMs : await once(node(input, { maxConcurrentRequests: setting }));
			const rawMs = setting === 4 ? rawPool.wallMs : setting === 1 ? oneAtATime.wallMs : await once(raw(wav, FILES, setting));
			chart.push({ setting, nodeFixedMs, nodeAutoMs, rawMs, oneAtATimeMs: oneAtATime.wallMs });
		}

		// Per-request overhead at zero latency, one at a time, a small recording so the upload is not the figure.
		const small = readFileSync(join(__dirname, '..', 'fixtures', 'audio', 'call-03-urgent-transfer.mp3'));
		const overheadItems = await Promise.all(
			Array.from({ length: 100 }, async (_, i) => await binaryItem(small, `zero-${i}.mp3`, 'audio/mpeg')),
		);
		const zero: Partial<EmulatorConfig> = { modelsKeys: { [DEFAULT_MODELS_KEY]: {} }, processingMs: { [MODEL]: 0 } };
		const rawSmall = (count: number) => async () => {
			const blob = new Blob([small], { type: 'audio/mpeg' });
			for (let i = 0; i < count; i++) {
				const form = new FormData();
				form.append('upload_file', blob, `zero-${i}.mp3`);
				const response = await fetch(`${emulator.url}/api/${MODEL}`, { method: 'POST', headers: { 'X-API-Key': DEFAULT_MODELS_KEY }, body: form });
				await response.arrayBuffer();
			}
			return 0;
		};
		const nodeRuns: number[] = [];
		const rawRuns: number[] = [];
		let readsPerItem = 0;
		for (let i = 0; i < RUNS; i++) {
			const before = credentialReads;
			nodeRuns.push((await measure(zero, node(overheadItems, { concurrencyMode: 'fixed', maxConcurrentRequests: 1 }))).wallMs);
			readsPerItem = (credentialReads - before) / overheadItems.length;
			rawRuns.push((await measure(zero, rawSmall(overheadItems.length))).wallMs);
		}
		const nodeMsPerRequest = Math.round((median(nodeRuns) / overheadItems.length) * 100) / 100;
		const rawMsPerRequest = Math.round((median(rawRuns) / overheadItems.length) * 100) / 100;
		return {
			files: FILES,
			limit: LIMIT,
			processingMs: PROCESSING_MS,
			idealMs,
			runs: RUNS,
			rows,
			chart,
			overhead: {
				requests: overheadItems.length,
				nodeMsPerRequest,
				rawMsPerRequest,
				ratio: Math.round((nodeMsPerRequest / rawMsPerRequest) * 100) / 100,
				credentialReadsPerItem: readsPerItem,
			},
		};
	} finally {
		emulator.stop();
	}
}

/** Wall time against the concurrency setting, as text bars (one column per 100 ms). */
export function asciiChart(chart: SideBySideFigures['chart']): string {
	const scale = 100;
	const lines: string[] = [];
	for (const point of chart) {
		const bar = (label: string, ms: number) =>
			lines.push(`${String(point.setting).padStart(2)} ${label.padEnd(13)} ${'#'.repeat(Math.max(1, Math.round(ms / scale)))} ${(ms / 1000).toFixed(2)} s`);
		bar('node Fixed', point.nodeFixedMs);
		bar('node Auto', point.nodeAutoMs);
		bar('raw pool', point.rawMs);
		lines.push('');
	}
	lines.push(`one-at-a-time client: ${(chart[0].oneAtATimeMs / 1000).toFixed(2)} s (# = ${scale} ms; Auto: the setting is the ceiling)`);
	return lines.join('\n');
}

if (require.main === module) {
	runSideBySideBench().then(
		(figures) => {
			console.log(JSON.stringify(figures, null, 2));
			console.log(asciiChart(figures.chart));
			process.exit(0);
		},
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
}
