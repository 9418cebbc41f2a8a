/**
 * Synthetic voice detection, batch and streaming, through n8n-core's real helpers against the emulator, and
 * the summary both operations add, as a unit.
 */
import assert from 'node:assert/strict';
import type { IDataObject } from 'n8n-workflow';
import { summarizeFrames } from '../../nodes/Modulate/actions/deepfake/syntheticFrames';
import { testWav } from '../emulator/audio';
import { binaryItem } from '../helpers/n8n';
import { fast, svd, useModulate, useWebSocketClient, wav1, wav3 } from './support';

const { run, modelRequests, streams } = useModulate();
useWebSocketClient();

describe('Detect Synthetic Voice', () => {
	it('returns the frames and a summary per call', async () => {
		const { output } = await run({ resource: 'deepfake', operation: 'detectSyntheticVoice', options: fast }, [
			await binaryItem(wav3, 'call-03-urgent-transfer.wav', 'audio/wav'),
			await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav'),
		]);
		assert.equal(modelRequests()[0].path, '/api/velma-2-synthetic-voice-detection-batch');
		const [urgent, billing] = output[0].map((i) => i.json as IDataObject);
		assert.equal(urgent.filename, 'call-03-urgent-transfer.wav');
		assert.ok(Array.isArray(urgent.frames) && (urgent.frames as unknown[]).length > 0);
		const frame = (urgent.frames as IDataObject[])[0];
		for (const key of ['start_time_ms', 'end_time_ms', 'verdict', 'confidence']) assert.ok(key in frame);
		assert.equal((urgent.summary as IDataObject).verdict, 'synthetic');
		assert.ok(((urgent.summary as IDataObject).maxSyntheticConfidence as number) > 0.5);
		assert.ok(((urgent.summary as IDataObject).syntheticSeconds as number) > 0);
		assert.equal((billing.summary as IDataObject).verdict, 'non-synthetic');
	});
});

describe('Detect Synthetic Voice (Streaming)', () => {
	it('collects the frames and adds the same summary as the batch operation', async () => {
		const audio = testWav({ durationMs: 22_000, toneRanges: [[0, 12_000], [16_000, 22_000]] });
		const { output } = await run(svd(), [await binaryItem(audio, 'voice.wav', 'audio/wav')]);
		const [s] = streams();
		assert.equal(s.path, '/api/velma-2-synthetic-voice-detection-streaming');
		assert.equal(s.query.audio_format, 's16le');
		const json = output[0][0].json as IDataObject;
		assert.equal(json.filename, 'voice.wav');
		assert.equal(json.duration_ms, 22_000);
		const frames = json.frames as IDataObject[];
		assert.deepEqual(frames.map((f) => f.verdict), ['non-synthetic', 'non-synthetic', 'non-synthetic', 'no-content', 'synthetic', 'non-synthetic']);
		assert.equal(json.frame_count, 6);
		assert.deepEqual(json.summary, {
			verdict: 'synthetic',
			maxSyntheticConfidence: frames[4].confidence,
			syntheticSeconds: 4,
			syntheticFrames: 1,
			totalFrames: 6,
		});
	});
});

describe('synthetic voice summary', () => {
	it('is synthetic when any frame is, with the highest confidence and the synthetic seconds', () => {
		const summary = summarizeFrames([
			{ start_time_ms: 0, end_time_ms: 1000, verdict: 'non-synthetic', confidence: 0.9 },
			{ start_time_ms: 1000, end_time_ms: 2000, verdict: 'synthetic', confidence: 0.7 },
			{ start_time_ms: 2000, end_time_ms: 2500, verdict: 'synthetic', confidence: 0.95 },
			{ start_time_ms: 2500, end_time_ms: 3000, verdict: 'no-content', confidence: null },
		]);
		assert.deepEqual(summary, {
			verdict: 'synthetic',
			maxSyntheticConfidence: 0.95,
			syntheticSeconds: 1.5,
			syntheticFrames: 2,
			totalFrames: 4,
		});
	});
	it('is no-content when nothing was spoken', () => {
		assert.equal(summarizeFrames([{ start_time_ms: 0, end_time_ms: 1000, verdict: 'no-content', confidence: null }]).verdict, 'no-content');
		assert.equal(summarizeFrames([]).verdict, 'no-content');
	});
});
