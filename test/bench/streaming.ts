/**
 * Streaming benchmark (`npm run bench`, or `node --import tsx test/bench/streaming.ts`):
 * 1. a generated 10-minute 16 kHz mono WAV through each of the four streaming operations, as fast as
 *    possible, against the emulator: wall time and a check of the aggregated output;
 * 2. a 200 MB WAV streamed from a filesystem-mode binary (n8n 2.x's default) through Detect Synthetic Voice
 *    (Streaming), with the emulator in a child process so only the node's memory is measured: peak RSS and
 *    heap growth over the baseline, sampled every 20 ms. Target: < 64 MB.
 * On Node < 22 the node is given the `ws` package's WebSocket; on Node ≥ 22 the runtime's own global is used.
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import WebSocket from 'ws';
import { ModulateApi } from '../../credentials/ModulateApi.credentials';
import { setWebSocketImplementation } from '../../nodes/Modulate/streaming/websocket';
import type { WebSocketConstructor } from '../../nodes/Modulate/streaming/websocket';
import { mp3ClipLabels, mp3DurationMs, testWav, writeTestWav } from '../emulator/audio';
import { startEmulator } from '../emulator/server';
import { DEFAULT_MODELS_KEY } from '../emulator/state';
import { childEmulator } from './childEmulator';
import { binaryItem, readBinary, runNode } from '../helpers/n8n';
import { Modulate } from '../helpers/nodes';

const MB = 1024 * 1024;
const node = new Modulate();
const credentialTypes = [new ModulateApi()];

function useWebSocket(): string {
	if (typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'function') return `global WebSocket (Node ${process.versions.node})`;
	setWebSocketImplementation(WebSocket as unknown as WebSocketConstructor);
	return `ws package (Node ${process.versions.node} has no global WebSocket)`;
}

const OPERATIONS: Array<{ name: string; resource: string; operation: string }> = [
	{ name: 'Transcribe (Streaming)', resource: 'transcription', operation: 'transcribeStreaming' },
	{ name: 'Transcribe English v2 (Streaming)', resource: 'transcription', operation: 'transcribeEnglishV2Streaming' },
	{ name: 'Detect Synthetic Voice (Streaming)', resource: 'deepfake', operation: 'detectSyntheticVoiceStreaming' },
	{ name: 'Redact PII/PHI (Streaming)', resource: 'redaction', operation: 'redactPiiPhiStreaming' },
];

async function tenMinutes(baseUrl: string) {
	const durationMs = 600_000;
	const wav = testWav({ durationMs });
	const results = [];
	for (const op of OPERATIONS) {
		const item = await binaryItem(wav, 'ten-minutes.wav', 'audio/wav');
		const started = process.hrtime.bigint();
		const { output } = await runNode(node, {
			parameters: { resource: op.resource, operation: op.operation, simplify: false, options: {} } as INodeParameters,
			items: [item],
			credentials: { modulateApi: { apiKey: DEFAULT_MODELS_KEY, baseUrl } },
			credentialTypes,
		});
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		const json = output[0][0].json as IDataObject;
		const checks: string[] = [];
		if (json.duration_ms !== durationMs) checks.push(`duration_ms ${String(json.duration_ms)}`);
		if (op.operation === 'transcribeStreaming' && (json.utterances as unknown[]).length !== 150) checks.push('utterances ≠ 150');
		if (op.operation === 'transcribeEnglishV2Streaming' && String(json.text).split(' ').length < 1000) checks.push('text too short');
		if (op.operation === 'detectSyntheticVoiceStreaming' && (json.frames as unknown[]).length !== 150) checks.push('frames ≠ 150');
		if (op.operation === 'redactPiiPhiStreaming') {
			const mp3 = await readBinary(output[0][0].binary!.data);
			const clips = mp3ClipLabels(mp3).length;
			if (clips !== 151) checks.push(`clips ${clips} ≠ 151 (150 utterances + the trailing 400 ms)`);
			if (Math.abs(mp3DurationMs(mp3) - durationMs) > 150 * 24) checks.push(`redacted MP3 lasts ${mp3DurationMs(mp3)} ms`);
		}
		results.push({
			operation: op.name,
			audioMB: +(wav.length / MB).toFixed(1),
			wallMs: Math.round(ms),
			realtimeFactor: Math.round(durationMs / ms),
			output: checks.length ? `WRONG: ${checks.join(', ')}` : 'ok',
		});
	}
	return results;
}

async function bigFile() {
	const dir = mkdtempSync(join(tmpdir(), 'modulate-stream-bench-'));
	const file = join(dir, 'big.wav');
	const durationMs = Math.round((200 * MB) / 32); // 16 kHz mono s16: 32 bytes per ms
	const size = await writeTestWav(file, { durationMs });
	const emulator = await childEmulator();
	try {
		const item = await binaryItem(createReadStream(file), 'big.wav', 'audio/wav', { mode: 'filesystem' });
		(globalThis as { gc?: () => void }).gc?.();
		const base = process.memoryUsage();
		let peakRss = base.rss;
		let peakHeap = base.heapUsed;
		const sampler = setInterval(() => {
			const m = process.memoryUsage();
			peakRss = Math.max(peakRss, m.rss);
			peakHeap = Math.max(peakHeap, m.heapUsed);
		}, 20);
		const started = process.hrtime.bigint();
		const { output } = await runNode(node, {
			parameters: { resource: 'deepfake', operation: 'detectSyntheticVoiceStreaming', simplify: false, options: {} },
			items: [item],
			credentials: { modulateApi: { apiKey: DEFAULT_MODELS_KEY, baseUrl: emulator.url } },
			credentialTypes,
		});
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		clearInterval(sampler);
		const json = output[0][0].json as IDataObject;
		const rssGrowthMB = +((peakRss - base.rss) / MB).toFixed(1);
		return {
			fileMB: +(size / MB).toFixed(1),
			audioMinutes: +(durationMs / 60_000).toFixed(1),
			binaryMode: 'filesystem',
			wallMs: Math.round(ms),
			throughputMBps: +(size / MB / (ms / 1000)).toFixed(1),
			output: json.duration_ms === durationMs ? 'ok' : `WRONG duration_ms ${String(json.duration_ms)}`,
			peakRssGrowthMB: rssGrowthMB,
			peakHeapGrowthMB: +((peakHeap - base.heapUsed) / MB).toFixed(1),
			targetMB: 64,
			withinTarget: rssGrowthMB < 64,
			gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
		};
	} finally {
		emulator.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

export async function runStreamingBench(): Promise<IDataObject> {
	const client = useWebSocket();
	// The memory run goes first, so its RSS baseline is not inflated by the 10-minute runs' allocations.
	const memory = await bigFile();
	const emulator = await startEmulator();
	let tenMinuteRuns;
	try {
		tenMinuteRuns = await tenMinutes(emulator.url);
	} finally {
		await emulator.close();
	}
	return { client, tenMinuteWav: tenMinuteRuns, wav200MB: memory } as unknown as IDataObject;
}

if (require.main === module) {
	runStreamingBench().then(
		(figures) => {
			console.log(JSON.stringify(figures, null, 2));
			process.exit(0);
		},
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
}
