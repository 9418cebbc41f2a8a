/**
 * Voice Analysis (emotion, accent, language, music, AI music) through n8n-core's real helpers against the
 * emulator: what each operation puts on the wire, what comes out, and the input checks it adds.
 */
import assert from 'node:assert/strict';
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';
import { binaryItem } from '../helpers/n8n';
import { mp3_1, params, useModulate, wavItem } from './support';

const { run, runError, modelRequests } = useModulate();

describe('Voice Analysis: emotion and accent', () => {
	for (const [operation, model, label] of [
		['detectEmotion', 'velma-2-emotion-batch', 'emotion'],
		['detectAccent', 'velma-2-accent-batch', 'accent'],
	] as const) {
		it(`${operation}: sends the spec's defaults explicitly and returns the label and its time series`, async () => {
			const { output } = await run(params('analysis', operation), [await wavItem()]);
			const [request] = modelRequests();
			assert.equal(request.path, `/api/${model}`);
			assert.equal(request.files[0].fileName, 'call-01-billing.wav');
			assert.deepEqual(request.fields, { training_permitted: 'true', use_ensemble: 'false' });
			const json = output[0][0].json;
			assert.equal(typeof json[label], 'string');
			assert.ok(Array.isArray(json.time_series));
			for (const w of json.time_series as IDataObject[]) {
				assert.deepEqual(Object.keys(w).sort(), ['duration_ms', label, 'start_ms'].sort());
			}
		});

		it(`${operation}: maps Training Permitted and Use Ensemble`, async () => {
			await run(params('analysis', operation, { trainingPermitted: false, useEnsemble: true }), [await wavItem()]);
			assert.deepEqual(modelRequests()[0].fields, { training_permitted: 'false', use_ensemble: 'true' });
		});
	}
});

describe('Voice Analysis: language, music, AI music', () => {
	it('detectLanguage: no form fields; returns the predicted language', async () => {
		const { output } = await run(params('analysis', 'detectLanguage'), [await wavItem()]);
		const [request] = modelRequests();
		assert.equal(request.path, '/api/velma-2-language-detection-batch');
		assert.deepEqual(request.fields, {});
		assert.deepEqual(Object.keys(output[0][0].json).sort(), [
			'confidence',
			'duration_ms',
			'predicted_language',
			'predicted_language_code',
		]);
		assert.equal(output[0][0].json.predicted_language_code, 'en');
	});

	it('detectMusic: returns the frames and a summary in seconds', async () => {
		const { output } = await run(params('analysis', 'detectMusic'), [await binaryItem(mp3_1, 'call-01-billing.mp3', 'audio/mpeg')]);
		const [request] = modelRequests();
		assert.equal(request.path, '/api/velma-2-music-detection-batch');
		assert.deepEqual(request.fields, {});
		assert.equal(request.files[0].contentType, 'audio/mpeg');
		const json = output[0][0].json;
		for (const key of ['filename', 'duration_s', 'primary_label', 'music_pct', 'speech_pct', 'latency_ms', 'frames']) {
			assert.ok(key in json, `has ${key}`);
		}
		const summary = json.summary as IDataObject;
		assert.equal(summary.hasMusic, Number(json.music_pct) > 0);
		assert.equal(summary.musicSeconds, Math.round(Number(json.duration_s) * Number(json.music_pct) * 10) / 1000);
		assert.equal(summary.speechSeconds, Math.round(Number(json.duration_s) * Number(json.speech_pct) * 10) / 1000);
		assert.ok(Number(summary.speechSeconds) > 0);
	});

	it('detectAiMusic: returns the verdict, windows and isAiMusic', async () => {
		const { output } = await run(params('analysis', 'detectAiMusic'), [await binaryItem(mp3_1, 'call-01-billing.mp3', 'audio/mpeg')]);
		assert.equal(modelRequests()[0].path, '/api/velma-2-ai-music-detection-batch');
		const json = output[0][0].json;
		assert.equal(json.primary_verdict, 'not-ai-music');
		assert.ok(Array.isArray(json.windows) && json.windows.length > 0);
		assert.deepEqual(json.summary, { isAiMusic: false });
	});

	for (const operation of ['detectMusic', 'detectAiMusic']) {
		it(`${operation}: a format only the other models take (.webm) is refused locally, naming the music formats`, async () => {
			const error = await runError(params('analysis', operation), [await binaryItem(mp3_1, 'clip.webm', 'audio/webm')]);
			assert.ok(error instanceof NodeOperationError);
			assert.match(error.message, /unsupported file format \.webm/);
			assert.match(error.message, /\.aac, \.flac, \.m4a, \.mp3, \.mp4, \.ogg, \.opus, \.wav/);
			assert.equal(modelRequests().length, 0);
		});
	}

	it('detectMusic: an .m4a file is sent under its own name (the music specs list .m4a)', async () => {
		await run(params('analysis', 'detectMusic'), [await binaryItem(mp3_1, 'clip.m4a', 'audio/x-m4a')]);
		const [request] = modelRequests();
		assert.equal(request.status, 200);
		assert.equal(request.files[0].fileName, 'clip.m4a');
		assert.equal(request.files[0].contentType, 'audio/mp4');
	});
});
