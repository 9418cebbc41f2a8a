/**
 * Batch upload memory: a 95 MB WAV in n8n's filesystem binary store (n8n 2.x default) through
 * Transcribe English (Fast). The multipart body streams from disk, so the node's memory should grow by
 * far less than the file. The emulator runs in its own process so only the node is measured.
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { ModulateApi } from '../../credentials/ModulateApi.credentials';
import { writeTestWav } from '../emulator/audio';
import { DEFAULT_MODELS_KEY } from '../emulator/state';
import { binaryItem, runNode } from '../helpers/n8n';
import { Modulate } from '../helpers/nodes';
import { childEmulator } from './childEmulator';

const MB = 1024 * 1024;

export async function runUploadBench(fileMB = 95): Promise<IDataObject> {
	const dir = mkdtempSync(join(tmpdir(), 'modulate-upload-bench-'));
	const file = join(dir, 'long-call.wav');
	const size = await writeTestWav(file, { durationMs: Math.round((fileMB * MB) / 32) });
	const emulator = await childEmulator();
	try {
		const item = await binaryItem(createReadStream(file), 'long-call.wav', 'audio/wav', { mode: 'filesystem' });
		const base = process.memoryUsage();
		let peakRss = base.rss;
		const sampler = setInterval(() => {
			peakRss = Math.max(peakRss, process.memoryUsage().rss);
		}, 10);
		const started = performance.now();
		const { output } = await runNode(new Modulate(), {
			parameters: { resource: 'transcription', operation: 'transcribeEnglishFast', options: {} },
			items: [item],
			credentials: { modulateApi: { apiKey: DEFAULT_MODELS_KEY, baseUrl: emulator.url } },
			credentialTypes: [new ModulateApi()],
		});
		const wallMs = Math.round(performance.now() - started);
		clearInterval(sampler);
		const growth = +((peakRss - base.rss) / MB).toFixed(1);
		return {
			fileMB: +(size / MB).toFixed(1),
			binaryMode: 'filesystem',
			wallMs,
			output: typeof output[0][0].json.text === 'string' ? 'ok' : 'WRONG',
			peakRssGrowthMB: growth,
			growthShareOfFile: +(growth / (size / MB)).toFixed(2),
		};
	} finally {
		emulator.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

if (require.main === module) {
	runUploadBench().then((f) => console.log(JSON.stringify(f, null, 2)));
}
