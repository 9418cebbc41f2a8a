/**
 * Analyze Call benchmark: the emulator takes a different time per model, so an item whose analyses ran one
 * after another would take their sum, and one whose analyses overlap takes about the slowest. Prints the
 * wall time per item against both; asserts only correctness (one record per item, no failures).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeExecutionData } from 'n8n-workflow';
import { ModulateApi } from '../../credentials/ModulateApi.credentials';
import { startEmulator } from '../emulator/server';
import { DEFAULT_MODELS_KEY } from '../emulator/state';
import { binaryItem, runNode } from '../helpers/n8n';
import { Modulate } from '../helpers/nodes';

const LATENCY_MS: Record<string, number> = {
	'velma-2-stt-batch': 400,
	'velma-2-pii-phi-redaction-batch': 600,
	'velma-2-synthetic-voice-detection-batch': 300,
	'velma-2-batch': 500,
	'velma-2-language-detection-batch': 200,
};

export interface AnalyzeCallFigures {
	analyses: string[];
	latencyMsPerModel: Record<string, number>;
	slowestAnalysisMs: number;
	sumOfAnalysesMs: number;
	singleItemWallMs: number[];
	singleItemMedianMs: number;
	singleItemVsSlowest: number;
	backlog: { items: number; maxConcurrentRequests: number; wallMs: number; wallMsPerItem: number; idealMs: number; records: number; failed: number; peakInflightPerModel: Record<string, number> };
}

export async function runAnalyzeCallBench(items = 8, maxConcurrentRequests = 2): Promise<AnalyzeCallFigures> {
	const emulator = await startEmulator();
	const analyses = ['transcript', 'redaction', 'syntheticVoice', 'conversation', 'language'];
	const wav = readFileSync(join(__dirname, '..', 'fixtures', 'audio', 'call-01-billing.wav'));
	const run = async (input: INodeExecutionData[]) =>
		await runNode(new Modulate(), {
			parameters: { resource: 'call', operation: 'analyzeCall', analyses, options: { maxConcurrentRequests } },
			items: input,
			credentials: { modulateApi: { apiKey: DEFAULT_MODELS_KEY, baseUrl: emulator.url } },
			credentialTypes: [new ModulateApi()],
			continueOnFail: true,
		});
	try {
		// Warm-up without latency: module loading and connection setup.
		await run([await binaryItem(wav, 'warm-up.wav', 'audio/wav')]);
		emulator.state.configure({ processingMs: LATENCY_MS });

		const single: number[] = [];
		for (let i = 0; i < 3; i++) {
			const item = await binaryItem(wav, `single-${i}.wav`, 'audio/wav');
			const started = performance.now();
			await run([item]);
			single.push(Math.round(performance.now() - started));
		}
		const median = [...single].sort((a, b) => a - b)[1];
		const slowest = Math.max(...Object.values(LATENCY_MS));
		const sum = Object.values(LATENCY_MS).reduce((a, b) => a + b, 0);

		const batch = await Promise.all(Array.from({ length: items }, (_, i) => binaryItem(wav, `call-${i}.wav`, 'audio/wav')));
		emulator.state.peakInflight.clear();
		const started = performance.now();
		const { output } = await run(batch);
		const wallMs = Math.round(performance.now() - started);
		const peak: Record<string, number> = {};
		for (const [key, value] of emulator.state.peakInflight) peak[key.split('|')[1]] = value;
		return {
			analyses,
			latencyMsPerModel: LATENCY_MS,
			slowestAnalysisMs: slowest,
			sumOfAnalysesMs: sum,
			singleItemWallMs: single,
			singleItemMedianMs: median,
			singleItemVsSlowest: Math.round((median / slowest) * 100) / 100,
			backlog: {
				items,
				maxConcurrentRequests,
				wallMs,
				wallMsPerItem: Math.round(wallMs / items),
				idealMs: Math.ceil(items / maxConcurrentRequests) * slowest,
				records: output[0].filter((o) => typeof o.json.durationSeconds === 'number').length,
				failed: output[0].filter((o) => 'error' in o.json).length,
				peakInflightPerModel: peak,
			},
		};
	} finally {
		await emulator.close();
	}
}

if (require.main === module) {
	runAnalyzeCallBench().then((f) => console.log(JSON.stringify(f, null, 2)));
}
