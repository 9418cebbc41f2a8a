/**
 * Batch upload memory: a 95 MB WAV in n8n's filesystem binary store (n8n 2.x default) through
 * Transcribe English (Fast). The multipart body streams from disk, so the node's memory should grow by
 * far less than the file. The emulator runs in its own process so only the node is measured.
 *
 * Beside it, the same WAV served over HTTP by the bench and sent by Input: URL (Transcribe), with and
 * without Content-Length: the download streams into the upload, so memory should not grow with the file
 * either (target: under 64 MB). Each URL run is a fresh process, so no run inherits another's heap; the
 * figure is peak RSS growth, as for the binary store (the local file server runs in that process too).
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { ModulateApi } from '../../credentials/ModulateApi.credentials';
import { testWav, writeTestWav } from '../emulator/audio';
import { DEFAULT_MODELS_KEY } from '../emulator/state';
import { binaryItem, runNode } from '../helpers/n8n';
import { Modulate } from '../helpers/nodes';
import { startRecordingServer } from '../helpers/recordingServer';
import { childEmulator } from './childEmulator';

const MB = 1024 * 1024;

/** Samples the process's RSS from now until `stop()`, which gives the peak growth in MB. */
function rssGrowth(): { stop(): number } {
	const base = process.memoryUsage().rss;
	let peak = base;
	const sampler = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 10);
	return {
		stop() {
			clearInterval(sampler);
			peak = Math.max(peak, process.memoryUsage().rss);
			return +((peak - base) / MB).toFixed(1);
		},
	};
}

export async function runUploadBench(fileMB = 95): Promise<IDataObject> {
	const dir = mkdtempSync(join(tmpdir(), 'modulate-upload-bench-'));
	const file = join(dir, 'long-call.wav');
	const size = await writeTestWav(file, { durationMs: Math.round((fileMB * MB) / 32) });
	const emulator = await childEmulator();
	try {
		const item = await binaryItem(createReadStream(file), 'long-call.wav', 'audio/wav', { mode: 'filesystem' });
		const rss = rssGrowth();
		const started = performance.now();
		const { output } = await runNode(new Modulate(), {
			parameters: { resource: 'transcription', operation: 'transcribeEnglishFast', options: {} },
			items: [item],
			credentials: { modulateApi: { apiKey: DEFAULT_MODELS_KEY, baseUrl: emulator.url } },
			credentialTypes: [new ModulateApi()],
		});
		const wallMs = Math.round(performance.now() - started);
		const growth = rss.stop();
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

/** Transcribe by URL of the WAV at `file`, served by a local host; peak RSS growth of this process. */
async function urlRun(file: string, withLength: boolean): Promise<IDataObject> {
	const size = statSync(file).size;
	const emulator = await childEmulator();
	const host = await startRecordingServer();
	try {
		host.file('/recordings/long-call.wav', {
			body: () => createReadStream(file, { highWaterMark: 256 * 1024 }),
			contentType: 'audio/wav',
			announcedLength: withLength ? size : undefined,
		});
		const transcribe = async (path: string) =>
			await runNode(new Modulate(), {
				parameters: { resource: 'transcription', operation: 'transcribe', audioInput: 'url', audioUrl: host.url(path), options: {} },
				items: [{ json: {} }],
				credentials: { modulateApi: { apiKey: DEFAULT_MODELS_KEY, baseUrl: emulator.url } },
				credentialTypes: [new ModulateApi()],
			});
		// A short call first, so n8n's engine is loaded before the base is taken, as in the binary run.
		host.file('/recordings/short.wav', { body: testWav({ durationMs: 1000 }), contentType: 'audio/wav' });
		await transcribe('/recordings/short.wav');
		const rss = rssGrowth();
		const started = performance.now();
		const { output } = await transcribe('/recordings/long-call.wav?X-Amz-Signature=bench');
		const wallMs = Math.round(performance.now() - started);
		const growth = rss.stop();
		return {
			fileMB: +(size / MB).toFixed(1),
			contentLength: withLength ? 'sent' : 'none (chunked)',
			wallMs,
			output: typeof output[0][0].json.text === 'string' ? 'ok' : 'WRONG',
			peakRssGrowthMB: growth,
			under64MB: growth < 64,
		};
	} finally {
		await host.close();
		emulator.stop();
	}
}

/** One URL run in a fresh process (this file, run with `url <file> <withLength>`). */
function urlRunInChild(file: string, withLength: boolean): IDataObject {
	const out = execFileSync(process.execPath, ['--import', 'tsx', __filename, 'url', file, String(withLength)], { encoding: 'utf8' });
	return JSON.parse(out.trim().split('\n').pop()!) as IDataObject;
}

/** The binary-store figure and, beside it, Transcribe by URL of the same WAV. */
export async function runUploadAndUrlBench(fileMB = 95): Promise<IDataObject> {
	const binaryStore = await runUploadBench(fileMB);
	const dir = mkdtempSync(join(tmpdir(), 'modulate-url-bench-'));
	try {
		const file = join(dir, 'long-call.wav');
		await writeTestWav(file, { durationMs: Math.round((fileMB * MB) / 32) });
		return {
			binaryStore,
			urlWithContentLength: urlRunInChild(file, true),
			urlWithoutContentLength: urlRunInChild(file, false),
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

if (require.main === module) {
	const [mode, file, withLength] = process.argv.slice(2);
	const run = mode === 'url' ? urlRun(file, withLength === 'true') : runUploadAndUrlBench();
	run.then((f) => {
		console.log(JSON.stringify(f, null, mode === 'url' ? 0 : 2));
		process.exit(0);
	});
}
