/**
 * Catalogue, credentials: what a new user can get wrong in the two credentials, caught before anything is
 * sent where it can be, and the credential test's answer for an unknown key.
 */
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { setWebSocketImplementation } from '../../nodes/Modulate/streaming/websocket';
import type { WebSocketConstructor } from '../../nodes/Modulate/streaming/websocket';
import { ModulateApi } from '../../credentials/ModulateApi.credentials';
import { startEmulator } from '../emulator/server';
import type { RunningEmulator } from '../emulator/server';
import { DEFAULT_MODELS_KEY } from '../emulator/state';
import { testCredential } from '../helpers/n8n';
import { modulateRunner } from '../helpers/modulateRunner';
import { expectFailure, fast, wavItem } from './support';

let emulator: RunningEmulator;
beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(async () => {
	await emulator.close();
});

const fastTranscribe = { resource: 'transcription', operation: 'transcribeEnglishFast', options: { ...fast, maxRetries: 0 } };

describe('catalogue: Modulate API credential', () => {
	it('an empty API key fails before sending, naming the field', async () => {
		await expectFailure(emulator, {
			parameters: fastTranscribe,
			credential: { apiKey: '' },
			category: 'invalidCredentials',
			words: ['Item 0', 'API Key', 'Modulate API credential', 'empty'],
			descriptionWords: ['nothing was sent'],
			requests: 'none',
		});
	});

	it('an API key of spaces and a newline fails the same way', async () => {
		await expectFailure(emulator, {
			parameters: fastTranscribe,
			credential: { apiKey: ' \n ' },
			category: 'invalidCredentials',
			words: ['API Key', 'empty'],
			requests: 'none',
		});
	});

	it('a Base URL without a scheme fails before sending, naming the Base URL and the fix', async () => {
		await expectFailure(emulator, {
			parameters: fastTranscribe,
			credential: { baseUrl: 'platform.modulate.ai' },
			category: 'invalidCredentials',
			words: ['Base URL', '"platform.modulate.ai"', 'no scheme'],
			descriptionWords: ['https://platform.modulate.ai'],
			requests: 'none',
		});
	});

	it('a Base URL with another scheme fails before sending', async () => {
		await expectFailure(emulator, {
			parameters: fastTranscribe,
			credential: { baseUrl: 'ftp://platform.modulate.ai' },
			category: 'invalidCredentials',
			words: ['Base URL', 'https://'],
			requests: 'none',
		});
	});

	it('a Base URL with a query string fails before sending', async () => {
		await expectFailure(emulator, {
			parameters: fastTranscribe,
			credential: { baseUrl: 'https://platform.modulate.ai/?region=eu' },
			category: 'invalidCredentials',
			words: ['Base URL', 'query string'],
			requests: 'none',
		});
	});

	it('a closed port: our cause and fix survive n8n, the error code goes to the description', async () => {
		const { json, thrown } = await expectFailure(emulator, {
			parameters: fastTranscribe,
			credential: { baseUrl: 'http://127.0.0.1:9' },
			category: 'network',
			retryable: true,
			words: ['connection refused', 'Base URL', 'Modulate API credential'],
			descriptionWords: ['ECONNREFUSED'],
			requests: 'none',
		});
		assert.doesNotMatch(String(json.error), /ECONNREFUSED|refused the connection - perhaps/);
		assert.match(String(thrown.description), /ECONNREFUSED/);
	});

	it('a wrong key is rejected by Modulate and named as such', async () => {
		await expectFailure(emulator, {
			parameters: fastTranscribe,
			credential: { apiKey: 'mk_wrong_key_123' },
			category: 'invalidCredentials',
			words: ['API key rejected', 'Modulate API credential'],
			requests: 1,
		});
	});

	it('a key with a trailing newline works over HTTP and over the WebSocket URL alike', async () => {
		emulator.state.reset();
		const { run } = modulateRunner(() => emulator.url);
		const { output } = await run(fastTranscribe, [await wavItem()], { apiKey: `${DEFAULT_MODELS_KEY}\n` });
		assert.equal(typeof output[0][0].json.text, 'string');
		assert.equal(emulator.state.requests[0].headers['x-api-key'], DEFAULT_MODELS_KEY);

		emulator.state.reset();
		setWebSocketImplementation(WebSocket as unknown as WebSocketConstructor);
		try {
			const streamed = await run(
				{ resource: 'transcription', operation: 'transcribeEnglishV2Streaming', options: { retryInitialDelayMs: 1, maxRetries: 0 } },
				[await wavItem()],
				{ apiKey: `${DEFAULT_MODELS_KEY}\n` },
			);
			assert.equal(typeof streamed.output[0][0].json.text, 'string');
			assert.equal(emulator.state.requests[0].query.api_key, DEFAULT_MODELS_KEY);
		} finally {
			setWebSocketImplementation(undefined);
		}
	});
});

describe('catalogue: Modulate Platform API credential', () => {
	it('an empty Account UUID fails before sending', async () => {
		await expectFailure(emulator, {
			node: 'platform',
			parameters: { resource: 'job', operation: 'getStatus', jobId: 'job_1', options: { ...fast } },
			items: [{ json: {} }],
			credential: { accountUuid: '  ' },
			category: 'invalidCredentials',
			words: ['Item 0', 'Account UUID', 'Modulate Platform API credential', 'empty'],
			requests: 'none',
		});
	});

	it('an empty API key fails before sending', async () => {
		await expectFailure(emulator, {
			node: 'platform',
			parameters: { resource: 'job', operation: 'getStatus', jobId: 'job_1', options: { ...fast } },
			items: [{ json: {} }],
			credential: { apiKey: '' },
			category: 'invalidCredentials',
			words: ['API Key', 'Modulate Platform API credential', 'empty'],
			requests: 'none',
		});
	});

	it('a Base URL without a scheme fails before sending', async () => {
		await expectFailure(emulator, {
			node: 'platform',
			parameters: { resource: 'job', operation: 'getStatus', jobId: 'job_1', options: { ...fast } },
			items: [{ json: {} }],
			credential: { baseUrl: 'cloud-processing-api.modulate.ai' },
			category: 'invalidCredentials',
			words: ['Base URL', 'no scheme'],
			descriptionWords: ['https://cloud-processing-api.modulate.ai'],
			requests: 'none',
		});
	});
});

describe('catalogue: the credential test', () => {
	it("Modulate's 403 \"This request is not permitted.\" fails the test and says it cannot tell a wrong key from a key without Conversation Analysis", async () => {
		emulator.state.reset();
		emulator.state.configure({ modelsKeys: { [DEFAULT_MODELS_KEY]: { disabledModels: ['velma-2-batch'] } } });
		const result = await testCredential(new ModulateApi(), { apiKey: DEFAULT_MODELS_KEY, baseUrl: emulator.url });
		assert.equal(result.status, 'Error');
		assert.match(result.message, /either the key is wrong, or it is valid but not enabled for Conversation Analysis/);
		assert.match(result.message, /cannot tell/);
		assert.ok(!result.message.includes(DEFAULT_MODELS_KEY));
	});

	it('a key with a trailing newline passes the test (the header is trimmed)', async () => {
		emulator.state.reset();
		const result = await testCredential(new ModulateApi(), { apiKey: `${DEFAULT_MODELS_KEY}\n`, baseUrl: emulator.url });
		assert.equal(result.status, 'OK', result.message);
	});
});
