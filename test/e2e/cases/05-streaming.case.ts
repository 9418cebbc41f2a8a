/** The four streaming operations over the emulator's WebSocket endpoints, in real n8n. */
import assert from 'node:assert/strict';
import { DEFAULT_MODELS_KEY } from '../../emulator';
import { assertSucceeded, out, type E2ECase } from '../lib/cases';
import { download, manualTrigger, modulate, workflow } from '../lib/workflow';

const c: E2ECase = {
	id: 'e2eStreamingOps00001',
	title: 'streaming operations over WebSocket: transcribe, English v2, synthetic voice, redaction',
	covers: ['modulate.transcribeStreaming', 'modulate.transcribeEnglishV2Streaming', 'modulate.detectSyntheticVoiceStreaming', 'modulate.redactPiiPhiStreaming'],
	workflow: ({ sink }) =>
		workflow(c.id, 'E2E: streaming operations', [
			manualTrigger('Start'),
			download('Download call 01 (WAV)', `${sink.url}/recordings/call-01-billing.wav`),
			modulate('Transcribe (Streaming)', 'transcription', 'transcribeStreaming', { options: { pacing: 'fast', emotionSignal: true } }),
			modulate('Transcribe English V2 (Streaming)', 'transcription', 'transcribeEnglishV2Streaming', { options: { pacing: 'fast' } }),
			modulate('Detect Synthetic Voice (Streaming)', 'deepfake', 'detectSyntheticVoiceStreaming', { options: { pacing: 'fast' } }),
			modulate('Redact PII/PHI (Streaming)', 'redaction', 'redactPiiPhiStreaming', { options: { pacing: 'fast' } }),
		], [
			['Start', 'Download call 01 (WAV)'],
			['Download call 01 (WAV)', 'Transcribe (Streaming)'],
			['Download call 01 (WAV)', 'Transcribe English V2 (Streaming)'],
			['Download call 01 (WAV)', 'Detect Synthetic Voice (Streaming)'],
			['Download call 01 (WAV)', 'Redact PII/PHI (Streaming)'],
		]),
	check(run, ctx) {
		assertSucceeded(run);
		const [t] = out(run, 'Transcribe (Streaming)');
		if (process.env.MODULATE_E2E_DEBUG) console.log(JSON.stringify(run.data?.data?.resultData?.runData, null, 1).slice(0, 6000), JSON.stringify(ctx.requests().map((r) => [r.surface, r.path, r.status])));
		assert.ok(JSON.stringify(t.json).length > 100, 'a streamed transcript');
		assert.ok(String(t.json.text ?? '').length > 50, 'a transcript text');
		const [v2] = out(run, 'Transcribe English V2 (Streaming)');
		assert.ok(JSON.stringify(v2.json).length > 50);
		const [d] = out(run, 'Detect Synthetic Voice (Streaming)');
		assert.ok(JSON.stringify(d.json).length > 20);
		const [r] = out(run, 'Redact PII/PHI (Streaming)');
		assert.equal(r.binary?.data?.mimeType, 'audio/mpeg', 'the redacted MP3 as binary');
		// Four WebSocket sessions reached the emulator, authenticated.
		const ws = ctx.requests().filter((r) => r.surface === 'streaming' || r.path.includes('streaming'));
		assert.ok(ws.length >= 4, `four streaming sessions (got ${ws.length})`);
		assert.ok(ws.every((w) => (w.binaryBytes ?? 0) > 0), 'audio bytes were streamed');
		assert.ok(ws.every((w) => w.query.api_key === DEFAULT_MODELS_KEY || w.headers['x-api-key'] === DEFAULT_MODELS_KEY));
	},
};

export default c;
