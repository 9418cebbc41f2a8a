/**
 * Transcription, batch and streaming: Transcribe, Transcribe English (Fast), Transcribe Multilingual (Fast),
 * Transcribe (Streaming) and Transcribe English v2 (Streaming) run through n8n-core's real helpers against the
 * emulator (assertions on what crossed the wire and on what came out), and the transcription options
 * (custom terms, language hint) as units.
 */
import assert from 'node:assert/strict';
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { customTermsConfig, validateLanguage } from '../../nodes/Modulate/options/transcription';
import { DEFAULT_MODELS_KEY } from '../emulator/state';
import { testPcm, testWav } from '../emulator/audio';
import { binaryItem } from '../helpers/n8n';
import type { BinaryMode } from '../helpers/n8n';
import { fast, mp3_1, params, sha, stt, transcribe, useModulate, useWebSocketClient, v2, WAV_HEADER, wav1, wavItem } from './support';

const { run, runError, modelRequests, streams } = useModulate();
useWebSocketClient();

/** 10 s of 16 kHz mono speech-like tone with a silent gap from 3.8 s to 8.5 s. */
const wav10 = testWav({ durationMs: 10_000, toneRanges: [[0, 3800], [8500, 10_000]] });

describe('Transcribe', () => {
	for (const mode of ['filesystem', 'default'] as BinaryMode[]) {
		it(`sends the audio as upload_file with the form defaults and returns the spec's fields (${mode} binary)`, async () => {
			const { output } = await run(transcribe(), [await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav', { mode })]);
			const [request] = modelRequests();
			assert.equal(request.path, '/api/velma-2-stt-batch');
			assert.equal(request.headers['x-api-key'], DEFAULT_MODELS_KEY);
			assert.deepEqual(request.files, [
				{ field: 'upload_file', fileName: 'call-01-billing.wav', contentType: 'audio/wav', size: wav1.length, sha256: sha(wav1) },
			]);
			assert.deepEqual(request.fields, {
				speaker_diarization: 'true',
				emotion_signal: 'false',
				accent_signal: 'false',
				deepfake_signal: 'false',
				pii_phi_tagging: 'false',
			});
			const json = output[0][0].json as IDataObject;
			assert.equal(typeof json.text, 'string');
			assert.match(String(json.text), /Acme Bank/);
			assert.equal(typeof json.duration_ms, 'number');
			const utterances = json.utterances as IDataObject[];
			assert.ok(utterances.length >= 2);
			for (const key of ['utterance_uuid', 'text', 'start_ms', 'duration_ms', 'speaker', 'language']) {
				assert.ok(key in utterances[0], `utterance has ${key}`);
			}
			assert.deepEqual([...new Set(utterances.map((u) => u.speaker))].sort(), [1, 2]);
			assert.deepEqual(output[0][0].pairedItem, { item: 0 });
		});
	}

	it('maps every option onto the wire, custom terms in config', async () => {
		await run(
			transcribe({
				speakerDiarization: false,
				emotionSignal: true,
				accentSignal: true,
				deepfakeSignal: true,
				piiPhiTagging: true,
				language: 'en-US',
				customTerms: { terms: [{ term: 'Acme' }, { term: 'Velma', definition: 'Modulate model', pronunciations: 'VEL-muh' }] },
			}),
			[await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav')],
		);
		const [request] = modelRequests();
		assert.deepEqual(request.fields, {
			speaker_diarization: 'false',
			emotion_signal: 'true',
			accent_signal: 'true',
			deepfake_signal: 'true',
			pii_phi_tagging: 'true',
			language: 'en-US',
			config: JSON.stringify({
				custom_terms: ['Acme', { term: 'Velma', definition: 'Modulate model', pronunciations: ['VEL-muh'] }],
			}),
		});
	});

	it('returns the enrichment signals that were asked for', async () => {
		const { output } = await run(transcribe({ emotionSignal: true, deepfakeSignal: true }), [
			await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav'),
		]);
		const utterance = (output[0][0].json.utterances as IDataObject[])[0];
		assert.ok(utterance.emotion !== null && utterance.emotion !== undefined);
		assert.equal(typeof utterance.deepfake_score, 'number');
	});

	it('fixes a missing or wrong extension from the MIME type and sends a matching type', async () => {
		await run(transcribe(), [
			await binaryItem(wav1, 'recording', 'audio/x-wav'),
			await binaryItem(mp3_1, 'upload.bin', 'audio/mpeg'),
		]);
		const names = modelRequests()
			.map((r) => `${r.files[0].fileName} ${r.files[0].contentType}`)
			.sort();
		assert.deepEqual(names, ['recording.wav audio/wav', 'upload.mp3 audio/mpeg']);
	});

	it('sends an alias extension under its canonical name (.m4a as .mp4)', async () => {
		await run(transcribe(), [await binaryItem(mp3_1, 'voicemail.M4A', 'audio/x-m4a')]);
		assert.equal(modelRequests()[0].files[0].fileName, 'voicemail.mp4');
		assert.equal(modelRequests()[0].files[0].contentType, 'audio/mp4');
	});

	it('refuses an unsupported format before sending, naming the item, the field and the formats', async () => {
		const error = await runError(transcribe(), [await binaryItem(Buffer.from('xyz data'), 'notes.xyz', 'application/octet-stream')]);
		assert.ok(error instanceof NodeOperationError);
		assert.match(error.message, /^Item 0: unsupported file format \.xyz in binary property "data"/);
		assert.match(error.message, /supported: \.aac, \.aiff, \.flac, \.mp3, \.mp4, \.mov, \.ogg, \.opus, \.wav, \.webm/);
		assert.equal(modelRequests().length, 0);
	});

	it('refuses a file over 100 MB before sending', async () => {
		const big = Buffer.alloc(100 * 1024 * 1024 + 1);
		big.write('RIFF');
		const error = await runError(transcribe(), [await binaryItem(big, 'long-call.wav', 'audio/wav')]);
		assert.match(error.message, /Item 0: file too large: "long-call.wav" is 100\.0 MB; Transcribe accepts at most 100\.0 MB/);
		assert.equal(modelRequests().length, 0);
	});

	it('names the missing binary property and the ones that exist', async () => {
		const error = await runError(transcribe(), [await binaryItem(wav1, 'a.wav', 'audio/wav', { property: 'recording' })]);
		assert.match(error.message, /Item 0: no binary property "data"/);
		assert.match(String(error.description), /recording/);
	});
});

describe('Transcribe English (Fast)', () => {
	it('posts to the vfast endpoint with no extra fields and returns text and duration', async () => {
		const { output } = await run({ resource: 'transcription', operation: 'transcribeEnglishFast', options: fast }, [
			await binaryItem(mp3_1, 'call-01-billing.mp3', 'audio/mpeg'),
		]);
		const [request] = modelRequests();
		assert.equal(request.path, '/api/velma-2-stt-batch-english-vfast');
		assert.deepEqual(request.fields, {});
		assert.deepEqual(Object.keys(output[0][0].json).sort(), ['duration_ms', 'text']);
	});
});

describe('Transcribe Multilingual (Fast)', () => {
	it('sends the audio and no language by default; returns text and duration', async () => {
		const { output } = await run(params('transcription', 'transcribeMultilingualFast'), [await wavItem()]);
		const [request] = modelRequests();
		assert.equal(request.path, '/api/velma-2-stt-batch-multilingual-vfast');
		assert.deepEqual(request.files, [
			{ field: 'upload_file', fileName: 'call-01-billing.wav', contentType: 'audio/wav', size: wav1.length, sha256: sha(wav1) },
		]);
		assert.deepEqual(request.fields, {});
		assert.deepEqual(Object.keys(output[0][0].json).sort(), ['duration_ms', 'text']);
		assert.match(String(output[0][0].json.text), /Acme Bank/);
		assert.deepEqual(output[0][0].pairedItem, { item: 0 });
	});

	it('sends the language hint', async () => {
		await run(params('transcription', 'transcribeMultilingualFast', { language: 'es' }), [await wavItem()]);
		assert.deepEqual(modelRequests()[0].fields, { language: 'es' });
	});

	it('refuses a malformed language before sending anything', async () => {
		const error = await runError(params('transcription', 'transcribeMultilingualFast', { language: 'english please' }), [await wavItem()]);
		assert.ok(error instanceof NodeOperationError);
		assert.match(error.message, /Options → Language "english please" is not a language code/);
		assert.equal(modelRequests().length, 0);
	});
});

describe('Transcribe (Streaming)', () => {
	it('parses the WAV, sends its PCM as s16le with the first-frame config, and aggregates utterances like batch', async () => {
		const { output } = await run(stt(), [await binaryItem(wav10, 'call.wav', 'audio/wav')]);
		const [s] = streams();
		assert.equal(s.path, '/api/velma-2-stt-streaming');
		assert.equal(s.status, 1000);
		assert.equal(s.query.api_key, DEFAULT_MODELS_KEY);
		assert.equal(s.query.audio_format, 's16le');
		assert.equal(s.query.sample_rate, '16000');
		assert.equal(s.query.num_channels, '1');
		assert.equal(s.binaryBytes, wav10.length - WAV_HEADER, 'the header is not sent, only the PCM');
		assert.equal(s.textFrames!.length, 2);
		assert.deepEqual(JSON.parse(s.textFrames![0]), {
			speaker_diarization: true,
			emotion_signal: false,
			accent_signal: false,
			deepfake_signal: false,
			pii_phi_tagging: false,
			partial_results: false,
		});
		assert.equal(s.textFrames![1], '', 'the empty text frame ends the audio');

		const item = output[0][0];
		assert.deepEqual(item.pairedItem, { item: 0 });
		const json = item.json as IDataObject;
		assert.equal(json.duration_ms, 10_000);
		const utterances = json.utterances as IDataObject[];
		// 0–4 s has sound, 4–8 s is silent, 8–10 s has sound (the final partial segment)
		assert.deepEqual(utterances.map((u) => u.start_ms), [0, 8000]);
		assert.equal(json.text, utterances.map((u) => u.text).join(' '));
		assert.deepEqual(Object.keys(utterances[0]).sort(), [
			'accent', 'deepfake_score', 'duration_ms', 'emotion', 'language', 'speaker', 'start_ms', 'text', 'utterance_uuid',
		]);
		assert.equal(json.events, undefined);
	});

	it('sends every feature option in the config frame and keeps partials only in the raw events', async () => {
		const { output } = await run(
			stt({
				emotionSignal: true,
				accentSignal: true,
				deepfakeSignal: true,
				piiPhiTagging: true,
				speakerDiarization: false,
				partialResults: true,
				language: 'en-US',
				customTerms: { terms: [{ term: 'VELMA' }, { term: 'Modulate', definition: 'voice AI company', pronunciations: 'MOD-yoo-layt' }] },
				includeRawEvents: true,
			}),
			[await binaryItem(testWav({ durationMs: 9000 }), 'call.wav', 'audio/wav', { mode: 'default' })],
		);
		const [s] = streams();
		assert.deepEqual(JSON.parse(s.textFrames![0]), {
			speaker_diarization: false,
			emotion_signal: true,
			accent_signal: true,
			deepfake_signal: true,
			pii_phi_tagging: true,
			partial_results: true,
			language: 'en-US',
			custom_terms: ['VELMA', { term: 'Modulate', definition: 'voice AI company', pronunciations: ['MOD-yoo-layt'] }],
		});
		const json = output[0][0].json as IDataObject;
		const utterances = json.utterances as IDataObject[];
		assert.equal(utterances.length, 3);
		assert.match(String(utterances[0].text), /VELMA/, 'the custom term reached the model');
		assert.match(String(utterances[1].text), /<pii:name>John Smith<\/pii:name>/);
		assert.ok(utterances.every((u) => u.speaker === 1 && typeof u.emotion === 'string' && u.language === 'en'));
		const events = json.events as IDataObject[];
		assert.ok(events.some((e) => e.type === 'partial_utterance'), 'partials are in the raw events');
		assert.equal(events.filter((e) => e.type === 'utterance').length, 3);
		assert.equal(events.at(-1)!.type, 'done');
	});

	it('streams a headerless PCM file with the raw format, sample rate and channels given as options', async () => {
		const pcm = testPcm({ durationMs: 5000, sampleRate: 8000, channels: 2 });
		const { output } = await run(stt({ audioFormat: 's16le', sampleRate: 8000, numChannels: 2, chunkSizeKb: 4 }), [
			await binaryItem(pcm, 'call.pcm', 'application/octet-stream'),
		]);
		const [s] = streams();
		assert.deepEqual([s.query.audio_format, s.query.sample_rate, s.query.num_channels], ['s16le', '8000', '2']);
		assert.equal(s.binaryBytes, pcm.length);
		assert.equal((output[0][0].json as IDataObject).duration_ms, 5000);
	});

	it('sends an MP3 as its own container, without sample rate or channels', async () => {
		const mp3 = Buffer.alloc(48_000, 0); // 3 s at the emulator's assumed 128 kbit/s
		mp3.write('ID3', 0, 'latin1');
		const { output } = await run(stt(), [await binaryItem(mp3, 'call.mp3', 'audio/mpeg')]);
		const [s] = streams();
		assert.equal(s.query.audio_format, 'mp3');
		assert.equal(s.query.sample_rate, undefined);
		assert.equal(s.query.num_channels, undefined);
		assert.equal(s.binaryBytes, mp3.length);
		assert.equal((output[0][0].json as IDataObject).duration_ms, 3000);
	});

	it('sends a WAV whose rate has no raw equivalent as a wav container', async () => {
		const odd = testWav({ durationMs: 1000, sampleRate: 12_000 });
		await run(stt(), [await binaryItem(odd, 'odd.wav', 'audio/wav')]);
		const [s] = streams();
		assert.equal(s.query.audio_format, 'wav');
		assert.equal(s.binaryBytes, odd.length);
	});
});

describe('Transcribe English v2 (Streaming)', () => {
	it('returns the final transcript and duration, shaped like the batch English (Fast) output', async () => {
		const { output } = await run(v2({ includeRawEvents: true }), [await binaryItem(testWav({ durationMs: 6000 }), 'a.wav', 'audio/wav')]);
		const [s] = streams();
		assert.equal(s.path, '/api/velma-2-stt-streaming-english-v2');
		assert.equal(s.query.audio_format, 's16le');
		assert.deepEqual(s.textFrames, [''], 'no config frame for English v2');
		const json = output[0][0].json as IDataObject;
		assert.deepEqual(Object.keys(json).sort(), ['duration_ms', 'events', 'text']);
		assert.equal(json.duration_ms, 6000);
		assert.match(String(json.text), /^Thanks for calling velma support.*Hi, my name is John Smith/);
		const events = json.events as IDataObject[];
		assert.equal(events.filter((e) => e.type === 'partial_utterance').length, 4);
	});
});

// ------------------------------------------------------------------------------------------------
// The transcription options as units
// ------------------------------------------------------------------------------------------------

const node = { id: '1', name: 'Modulate', type: 'modulate', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
function fakeContext(options: Record<string, unknown> = {}, items = 1): IExecuteFunctions {
	return {
		getNode: () => node,
		getNodeParameter: (name: string, _i: number, fallback: unknown) => (name === 'options' ? options : fallback),
		getInputData: () => Array.from({ length: items }, () => ({ json: {} })),
	} as unknown as IExecuteFunctions;
}

describe('custom terms → config.custom_terms', () => {
	it('sends a plain string for a bare term and an object when definition or pronunciations are set', () => {
		const terms = customTermsConfig.call(fakeContext(), 0, [
			{ term: ' Velma ' },
			{ term: 'Acme', definition: 'the bank', pronunciations: 'AK-mee, ak-MEE' },
			{ term: '  ' },
		]);
		assert.deepEqual(terms, ['Velma', { term: 'Acme', definition: 'the bank', pronunciations: ['AK-mee', 'ak-MEE'] }]);
	});
	it('names the entry and the limit when a term breaks the spec', () => {
		assert.throws(
			() => customTermsConfig.call(fakeContext(), 3, [{ term: 'X', definition: 'd'.repeat(300) }]),
			/Item 3: Options → Custom Terms, entry 1 \("X"\): the definition is 300 characters; at most 256/,
		);
		assert.throws(
			() => customTermsConfig.call(fakeContext(), 0, [{ term: 'X', pronunciations: 'ñam' }]),
			/printable ASCII/,
		);
		assert.throws(
			() => customTermsConfig.call(fakeContext(), 0, Array.from({ length: 1001 }, (_, i) => ({ term: `t${i}` }))),
			/at most 1000/,
		);
	});
});

describe('language hint', () => {
	it('accepts ISO codes with regions and rejects words, naming the fix', () => {
		assert.equal(validateLanguage.call(fakeContext(), 0, 'en-US'), 'en-US');
		assert.equal(validateLanguage.call(fakeContext(), 0, ' '), undefined);
		assert.throws(() => validateLanguage.call(fakeContext(), 2, 'english!'), /Item 2: Options → Language "english!" is not a language code/);
	});
});
