/**
 * The remaining batch models in real n8n: Transcribe Multilingual (Fast), the Voice Analysis operations,
 * and Conversation Analysis (presets + options merged into `config`, and List Presets as one item per
 * preset). What reached the emulator is checked field by field; the outputs carry the spec's fields and
 * the small summaries an IF node reads.
 */
import assert from 'node:assert/strict';
import { PRESETS } from '../../emulator/batch';
import { assertSucceeded, out, pairedIndex, type E2ECase } from '../lib/cases';
import { download, manualTrigger, modulate, workflow } from '../lib/workflow';

const c: E2ECase = {
	id: 'e2eMoreModels000001',
	title: 'more batch models: multilingual fast, voice analysis, conversation analysis',
	covers: [
		'modulate.transcribeMultilingualFast',
		'modulate.detectEmotion',
		'modulate.detectAccent',
		'modulate.detectLanguage',
		'modulate.detectMusic',
		'modulate.detectAiMusic',
		'modulate.analyzeConversation',
		'modulate.listPresets',
	],
	workflow: ({ sink }) =>
		workflow(c.id, 'E2E: more batch models', [
			manualTrigger('Start'),
			download('Download call 01', `${sink.url}/recordings/call-01-billing.mp3`),
			modulate('Transcribe Multilingual (Fast)', 'transcription', 'transcribeMultilingualFast', { options: { language: 'en' } }),
			modulate('Detect Emotion', 'analysis', 'detectEmotion', { options: { trainingPermitted: false, useEnsemble: true } }),
			modulate('Detect Accent', 'analysis', 'detectAccent', {}),
			modulate('Detect Language', 'analysis', 'detectLanguage', {}),
			modulate('Detect Music', 'analysis', 'detectMusic', {}),
			modulate('Detect AI Music', 'analysis', 'detectAiMusic', {}),
			modulate('Analyze Conversation', 'conversation', 'analyzeConversation', {
				behaviorPresets: ['complaints', 'payment_dispute'],
				options: { emotionSignal: true, produceSummary: false },
			}),
			modulate('List Presets', 'conversation', 'listPresets', {}),
		], [
			['Start', 'Download call 01'],
			['Start', 'List Presets'],
			['Download call 01', 'Transcribe Multilingual (Fast)'],
			['Download call 01', 'Detect Emotion'],
			['Download call 01', 'Detect Accent'],
			['Download call 01', 'Detect Language'],
			['Download call 01', 'Detect Music'],
			['Download call 01', 'Detect AI Music'],
			['Download call 01', 'Analyze Conversation'],
		]),
	check(run, ctx) {
		assertSucceeded(run);
		const one = (model: string) => {
			const reqs = ctx.requests({ path: `/api/${model}` }).filter((r) => r.path === `/api/${model}`);
			assert.equal(reqs.length, 1, `one request to ${model}`);
			assert.equal(reqs[0].status, 200);
			return reqs[0];
		};

		const multi = one('velma-2-stt-batch-multilingual-vfast');
		assert.deepEqual(multi.fields, { language: 'en' });
		assert.equal(multi.files[0].fileName, 'call-01-billing.mp3');
		assert.equal(multi.files[0].contentType, 'audio/mpeg');
		const [m] = out(run, 'Transcribe Multilingual (Fast)');
		assert.deepEqual(Object.keys(m.json).sort(), ['duration_ms', 'text']);

		assert.deepEqual(one('velma-2-emotion-batch').fields, { training_permitted: 'false', use_ensemble: 'true' });
		assert.equal(typeof out(run, 'Detect Emotion')[0].json.emotion, 'string');
		assert.deepEqual(one('velma-2-accent-batch').fields, { training_permitted: 'true', use_ensemble: 'false' });
		const [accent] = out(run, 'Detect Accent');
		assert.equal(typeof accent.json.accent, 'string');
		assert.ok(Array.isArray(accent.json.time_series));

		assert.deepEqual(one('velma-2-language-detection-batch').fields, {});
		assert.equal(out(run, 'Detect Language')[0].json.predicted_language_code, 'en');

		one('velma-2-music-detection-batch');
		const [music] = out(run, 'Detect Music');
		assert.equal(music.json.primary_label, 'speech');
		assert.equal(music.json.summary.hasMusic, false);
		assert.ok(music.json.summary.speechSeconds > 0);
		one('velma-2-ai-music-detection-batch');
		const [ai] = out(run, 'Detect AI Music');
		assert.equal(ai.json.primary_verdict, 'not-ai-music');
		assert.equal(ai.json.summary.isAiMusic, false);

		const conv = one('velma-2-batch');
		assert.deepEqual(JSON.parse(String(conv.fields.config)), {
			produce_summary: false,
			stt: { emotion_signal: true },
			behaviors: ['preset:complaints', 'preset:payment_dispute'],
		});
		const [analysis] = out(run, 'Analyze Conversation');
		assert.ok(analysis.json.clips.length > 0);
		assert.equal(typeof analysis.json.clips[0].emotion, 'string');
		assert.equal(analysis.json.summary, null);
		assert.ok(analysis.json.detectedBehaviors.includes('Complaint'));

		// Issue 10: Analyze Conversation reads the catalog too, to check its presets before sending.
		const list = ctx.requests({ path: '/api/velma-2-batch/list-presets' });
		assert.equal(list.length, 2, 'the List Presets operation and the preset check of Analyze Conversation');
		assert.ok(list.every((r) => r.method === 'GET'));
		const presets = out(run, 'List Presets');
		assert.deepEqual(presets.map((p) => p.json.identifier), PRESETS.map((p) => p.identifier));
		assert.ok(presets.every((p) => pairedIndex(p) === 0));
	},
};

export default c;
