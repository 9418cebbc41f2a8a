/**
 * Backlog benchmark (issue 2): 40 recordings through Transcribe against an emulator that allows 4
 * concurrent requests per key and model and takes 200 ms per request, with "Max Concurrent Requests" = 4.
 * Ideal wall time: 40 / 4 × 200 ms = 2 s. Prints the figures; asserts only correctness (40 good items).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Modulate } from '../helpers/nodes';
import { ModulateApi } from '../../credentials/ModulateApi.credentials';
import { startEmulator } from '../emulator/server';
import { DEFAULT_MODELS_KEY } from '../emulator/state';
import { binaryItem, runNode } from '../helpers/n8n';

export interface BacklogFigures {
	files: number;
	limit: number;
	processingMs: number;
	wallMs: number;
	idealMs: number;
	outputs: number;
	failedItems: number;
	requests: number;
	rejectedByLimit: number;
	peakInflight: number;
}

export async function runBacklogBench(files = 40, limit = 4, processingMs = 200): Promise<BacklogFigures> {
	const emulator = await startEmulator();
	try {
		emulator.state.configure({
			modelsKeys: { [DEFAULT_MODELS_KEY]: { concurrency: limit } },
			processingMs: { 'velma-2-stt-batch': processingMs },
		});
		const wav = readFileSync(join(__dirname, '..', 'fixtures', 'audio', 'call-01-billing.wav'));
		const items = await Promise.all(
			Array.from({ length: files }, (_, i) => binaryItem(wav, `backlog-${String(i).padStart(2, '0')}.wav`, 'audio/wav')),
		);
		// Warm-up: the first request pays for module loading and connection setup.
		await runNode(new Modulate(), {
			parameters: { resource: 'transcription', operation: 'transcribe', options: {} },
			items: items.slice(0, 1),
			credentials: { modulateApi: { apiKey: DEFAULT_MODELS_KEY, baseUrl: emulator.url } },
			credentialTypes: [new ModulateApi()],
		});
		emulator.state.requests = [];
		emulator.state.peakInflight.clear();

		const started = performance.now();
		const { output } = await runNode(new Modulate(), {
			parameters: {
				resource: 'transcription',
				operation: 'transcribe',
				simplify: false,
				options: { maxConcurrentRequests: limit },
			},
			items,
			credentials: { modulateApi: { apiKey: DEFAULT_MODELS_KEY, baseUrl: emulator.url } },
			credentialTypes: [new ModulateApi()],
			continueOnFail: true,
		});
		const wallMs = performance.now() - started;
		const requests = emulator.state.requests.filter((r) => r.surface === 'models');
		return {
			files,
			limit,
			processingMs,
			wallMs: Math.round(wallMs),
			idealMs: (files / limit) * processingMs,
			outputs: output[0].filter((o) => typeof o.json.text === 'string').length,
			failedItems: output[0].filter((o) => 'error' in o.json).length,
			requests: requests.length,
			rejectedByLimit: requests.filter((r) => r.status === 429).length,
			peakInflight: Math.max(0, ...emulator.state.peakInflight.values()),
		};
	} finally {
		await emulator.close();
	}
}

if (require.main === module) {
	runBacklogBench().then((f) => console.log(JSON.stringify(f, null, 2)));
}
