/**
 * Catalogue, server answers: a 2xx that breaks the spec is an `invalidAnswer` error naming what is wrong
 * (never an item carrying it on, never retried), and an answer cut off mid-way is a retryable network
 * failure, not a timeout.
 */
import assert from 'node:assert/strict';
import { startEmulator } from '../emulator/server';
import type { RunningEmulator } from '../emulator/server';
import type { FaultKind } from '../emulator/state';
import { modulateRunner } from '../helpers/modulateRunner';
import { expectFailure, fast, wavItem } from './support';

let emulator: RunningEmulator;
beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(async () => {
	await emulator.close();
});

const once = (fault: FaultKind) => ({ faults: { script: [fault] } });
const op = (resource: string, operation: string, options: object = {}) => ({ resource, operation, options: { ...fast, ...options } });

describe('catalogue: broken answers', () => {
	it('a 200 with a plain-text body is an invalid answer, not an item, and is not retried', async () => {
		await expectFailure(emulator, {
			parameters: op('transcription', 'transcribeEnglishFast'),
			emulator: once('text200'),
			category: 'invalidAnswer',
			retryable: false,
			words: ['Transcribe English (Fast)', 'not JSON', 'text/plain', 'Base URL'],
			descriptionWords: ['"OK"'],
			requests: 1,
		});
	});

	it('a 200 whose JSON does not parse is an invalid answer', async () => {
		await expectFailure(emulator, {
			parameters: op('transcription', 'transcribe'),
			emulator: once('badJson200'),
			category: 'invalidAnswer',
			words: ['labelled JSON but does not parse'],
			requests: 1,
		});
	});

	it('Detect Synthetic Voice: {} names the missing fields and yields no made-up verdict', async () => {
		const { json } = await expectFailure(emulator, {
			parameters: op('deepfake', 'detectSyntheticVoice'),
			emulator: once('empty200'),
			category: 'invalidAnswer',
			words: ['Detect Synthetic Voice', '"filename"', '"frames"', '"duration_ms"', 'missing'],
			requests: 1,
		});
		assert.equal(json.summary, undefined);
	});

	it('Transcribe: {} names the missing fields', async () => {
		await expectFailure(emulator, {
			parameters: op('transcription', 'transcribe'),
			emulator: once('empty200'),
			category: 'invalidAnswer',
			words: ['"text"', '"utterances"', 'no fields'],
			requests: 1,
		});
	});

	it('Detect Language: {} is an invalid answer', async () => {
		await expectFailure(emulator, {
			parameters: op('analysis', 'detectLanguage'),
			emulator: once('empty200'),
			category: 'invalidAnswer',
			words: ['Detect Language', '"predicted_language"'],
			requests: 1,
		});
	});

	it('Detect Emotion: invalid JSON is an invalid answer', async () => {
		await expectFailure(emulator, {
			parameters: op('analysis', 'detectEmotion'),
			emulator: once('badJson200'),
			category: 'invalidAnswer',
			words: ['Detect Emotion', 'does not parse'],
			requests: 1,
		});
	});

	it('Analyze Conversation: {} is an invalid answer', async () => {
		await expectFailure(emulator, {
			parameters: op('conversation', 'analyzeConversation'),
			emulator: once('empty200'),
			category: 'invalidAnswer',
			words: ['Analyze Conversation', '"clips"', '"behaviors"'],
			requests: 1,
		});
	});

	it('List Presets: a non-JSON answer is an error, not zero items', async () => {
		await expectFailure(emulator, {
			parameters: op('conversation', 'listPresets'),
			items: [{ json: {} }],
			emulator: once('text200'),
			category: 'invalidAnswer',
			words: ['List Presets', 'not JSON'],
			requests: 1,
		});
	});

	it('List Presets: {} names the missing "presets"', async () => {
		await expectFailure(emulator, {
			parameters: op('conversation', 'listPresets'),
			items: [{ json: {} }],
			emulator: once('empty200'),
			category: 'invalidAnswer',
			words: ['"presets"'],
			requests: 1,
		});
	});

	it('Redact PII/PHI: a JSON answer where multipart is specified is an invalid answer', async () => {
		await expectFailure(emulator, {
			parameters: op('redaction', 'redactPiiPhi', { outputBinaryPropertyName: 'redacted' }),
			emulator: once('empty200'),
			category: 'invalidAnswer',
			words: ['Redact PII/PHI', 'not multipart'],
			requests: 1,
		});
	});

	it('a body cut off mid-way is a retryable network failure, not a timeout', async () => {
		await expectFailure(emulator, {
			parameters: op('transcription', 'transcribeEnglishFast', { maxRetries: 0 }),
			emulator: once('truncated200'),
			category: 'network',
			retryable: true,
			words: ['cut off'],
			requests: 1,
		});
	});

	it('a body cut off once is retried and the item succeeds', async () => {
		emulator.state.reset();
		emulator.state.configure(once('truncated200'));
		const { run } = modulateRunner(() => emulator.url);
		const { output } = await run(op('transcription', 'transcribeEnglishFast'), [await wavItem()]);
		assert.equal(typeof output[0][0].json.text, 'string');
		assert.equal(emulator.state.requests.length, 2);
	});
});
