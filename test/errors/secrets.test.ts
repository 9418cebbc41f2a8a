/**
 * Catalogue, secrets: a server that echoes the key, raw, URL-encoded or base64-encoded, in its error text
 * leaks nothing, on either node, in the error item, the thrown error or the logs.
 */
import assert from 'node:assert/strict';
import { scrubSecrets } from '../../nodes/shared/transport/secrets';
import { startEmulator } from '../emulator/server';
import type { RunningEmulator } from '../emulator/server';
import { DEFAULT_MODELS_KEY } from '../emulator/state';
import { expectFailure, fast } from './support';

let emulator: RunningEmulator;
beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(async () => {
	await emulator.close();
});

describe('catalogue: secrets', () => {
	it('a 400 echoing the key URL-encoded and base64-encoded: masked in message and description', async () => {
		const { json } = await expectFailure(emulator, {
			parameters: { resource: 'transcription', operation: 'transcribeEnglishFast', options: fast },
			emulator: { faults: { script: ['echoKey400'] } },
			category: 'badRequest',
			words: ['request rejected'],
			descriptionWords: ['***'],
			requests: 1,
		});
		assert.ok(!String(json.description).includes(Buffer.from(DEFAULT_MODELS_KEY).toString('base64')));
	});

	it('a key with characters that URL- and base64-encoding change is masked in every form', async () => {
		const key = 'mk+test/key=9 ä';
		await expectFailure(emulator, {
			parameters: { resource: 'analysis', operation: 'detectLanguage', options: fast },
			credential: { apiKey: key },
			emulator: { faults: { script: ['echoKey400'] } },
			category: 'badRequest',
			words: ['Detect Language'],
			descriptionWords: ['***'],
			requests: 1,
		});
	});

	it('the Platform node masks an echoed key too', async () => {
		await expectFailure(emulator, {
			node: 'platform',
			parameters: { resource: 'job', operation: 'getStatus', jobId: 'job_1', options: { ...fast } },
			items: [{ json: {} }],
			emulator: { faults: { script: ['echoKey400'] } },
			category: 'badRequest',
			words: ['Get Status'],
			descriptionWords: ['***'],
			requests: 1,
		});
	});

	it('the scrubber masks URL-safe base64, JSON-escaped and form-encoded forms', () => {
		const key = 'pk_"quote"?>>> x';
		const b64url = Buffer.from(key).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
		const text = `a ${JSON.stringify(key).slice(1, -1)} b ${b64url} c ${encodeURIComponent(key).replace(/%20/g, '+')} d ${key.trim()}`;
		const scrubbed = scrubSecrets(text, [key]);
		assert.equal(scrubbed, 'a *** b *** c *** d ***');
	});
});
