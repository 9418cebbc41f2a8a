/** The emulator's streaming endpoints spoken to directly (ws client): handshake checks and the specs' messages. */
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { DEFAULT_MODELS_KEY } from './state';
import { testWav } from './audio';
import { useEmulator } from '../helpers/emulator';

const emulator = useEmulator();

interface Session {
	messages: Array<Record<string, unknown> | { binary: number }>;
	code: number;
}

async function session(model: string, query: string, frames: Array<string | Buffer> = [], headers: Record<string, string> = {}): Promise<Session> {
	const ws = new WebSocket(`${emulator.wsUrl}/api/${model}?${query}`, { headers });
	const messages: Session['messages'] = [];
	ws.on('open', () => frames.forEach((f) => ws.send(f)));
	ws.on('message', (data, isBinary) => messages.push(isBinary ? { binary: (data as Buffer).length } : JSON.parse(data.toString())));
	const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
	return { messages, code };
}

const key = `api_key=${DEFAULT_MODELS_KEY}`;

describe('streaming emulator: handshake', () => {
	it('refuses a key sent as a header instead of the query', async () => {
		const r = await session('velma-2-stt-streaming', '', [], { 'X-API-Key': DEFAULT_MODELS_KEY });
		assert.equal(r.code, 4003);
		assert.deepEqual(r.messages, [{ type: 'error', error: 'This request is not permitted.' }]);
	});

	const cases: Array<[string, string, string]> = [
		['velma-2-synthetic-voice-detection-streaming', '', 'audio_format query parameter is required. Example: audio_format=s16le&sample_rate=16000&num_channels=1'],
		['velma-2-stt-streaming-english-v2', '', 'audio_format query parameter is required. Example: audio_format=s16le&sample_rate=16000&num_channels=1'],
		['velma-2-stt-streaming', 'audio_format=mp4', "Invalid audio_format='mp4'. Valid values: ['aac', 'aiff', 'alaw', 'f32be', 'f32le', 'f64be', 'f64le', 'flac', 'mp3', 'mulaw', 'ogg', 's16be', 's16le', 's24be', 's24le', 's32be', 's32le', 's8', 'u16be', 'u16le', 'u24be', 'u24le', 'u32be', 'u32le', 'u8', 'wav', 'webm']"],
		['velma-2-stt-streaming', 'audio_format=s16le', 'Raw audio formats require sample_rate and num_channels query parameters'],
		['velma-2-pii-phi-redaction-streaming', 'sample_rate=16000', 'sample_rate and num_channels require audio_format to be specified'],
		['velma-2-stt-streaming', 'audio_format=s16le&sample_rate=50000&num_channels=1', 'Invalid sample_rate=50000. Valid values: [8000, 11025, 16000, 22050, 32000, 44100, 48000, 96000]'],
		['velma-2-stt-streaming', 'audio_format=s16le&sample_rate=16000&num_channels=12', 'Invalid num_channels=12. Must be between 1 and 8'],
	];
	for (const [model, query, message] of cases) {
		it(`${model} ?${query || '(no audio_format)'} → 1003 "${message.slice(0, 40)}…"`, async () => {
			const r = await session(model, `${key}&${query}`);
			assert.equal(r.code, 1003);
			assert.deepEqual(r.messages, [{ type: 'error', error: message }]);
			assert.equal(emulator.state.requests[0].status, 1003);
		});
	}

	it('the synthetic-voice model accepts its extra containers (opus, amr, mp4…)', async () => {
		const r = await session('velma-2-synthetic-voice-detection-streaming', `${key}&audio_format=opus`, [Buffer.alloc(32_000), '']);
		assert.equal(r.code, 1000);
		assert.deepEqual(r.messages.at(-1), { type: 'done', duration_ms: 2000, frame_count: 1 });
	});

	it('rejects an STT config frame outside the schema with 1003 "Invalid configuration."', async () => {
		const r = await session('velma-2-stt-streaming', key, ['{"speaker_diarization":"yes"}']);
		assert.equal(r.code, 1003);
		assert.deepEqual(r.messages, [{ type: 'error', error: 'Invalid configuration.' }]);
	});
});

describe('streaming emulator: results', () => {
	it('emits utterances as audio arrives, then done after the empty text frame, then closes 1000', async () => {
		const pcm = testWav({ durationMs: 8000 }).subarray(44);
		const r = await session('velma-2-stt-streaming', `${key}&audio_format=s16le&sample_rate=16000&num_channels=1`, [pcm, '']);
		assert.equal(r.code, 1000);
		assert.deepEqual(r.messages.map((m) => (m as { type: string }).type), ['utterance', 'utterance', 'done']);
		assert.deepEqual(r.messages.at(-1), { type: 'done', duration_ms: 8000 });
	});

	it('PII: a binary MP3 frame follows each utterance that announces one, and the trailing clip follows done', async () => {
		const r = await session('velma-2-pii-phi-redaction-streaming', key, [testWav({ durationMs: 8200 }), '']);
		const kinds = r.messages.map((m) => ('binary' in m ? 'mp3' : (m as { type: string }).type));
		assert.deepEqual(kinds, ['utterance', 'mp3', 'utterance', 'mp3', 'done', 'mp3']);
	});

	it('records the query, text frames and binary byte count', async () => {
		const pcm = Buffer.alloc(16_000);
		await session('velma-2-stt-streaming-english-v2', `${key}&audio_format=s16le&sample_rate=8000&num_channels=1`, [pcm, pcm, '']);
		const [rec] = emulator.state.requests;
		assert.equal(rec.surface, 'streaming');
		assert.equal(rec.binaryBytes, 32_000);
		assert.deepEqual(rec.textFrames, ['']);
		assert.equal(rec.status, 1000);
	});
});
