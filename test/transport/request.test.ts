/** The shared request inputs: the request options (timeout, retries, concurrency) and the audio formats. */
import assert from 'node:assert/strict';
import { extensionForMime, normalizeExtension } from '../../nodes/shared/audioFormats';
import type { IExecuteFunctions } from 'n8n-workflow';
import { maxConcurrencyFrom, transportSettingsFrom } from '../../nodes/shared/requestOptions';
import { sendRequest } from '../../nodes/shared/transport/request';

describe('request options', () => {
	it('maps timeout seconds, retries and initial delay to transport settings', () => {
		const settings = transportSettingsFrom({ timeoutSeconds: 30, maxRetries: 2, retryInitialDelayMs: 50 });
		assert.equal(settings.timeoutMs, 30_000);
		assert.equal(settings.retry.maxRetries, 2);
		assert.equal(settings.retry.baseDelayMs, 50);
	});
	it('defaults to Auto concurrency with a ceiling of 16, 600 s and 4 retries', () => {
		const settings = transportSettingsFrom({});
		assert.equal(settings.timeoutMs, 600_000);
		assert.equal(settings.retry.maxRetries, 4);
		assert.deepEqual(settings.concurrency, { mode: 'auto', max: 16 });
		assert.equal(maxConcurrencyFrom({}), 16);
		assert.equal(maxConcurrencyFrom({ maxConcurrentRequests: 4 }), 4);
	});
	it('Fixed concurrency is the number set, 2 without one; streaming sessions always use it', () => {
		assert.deepEqual(transportSettingsFrom({ concurrencyMode: 'fixed' }).concurrency, { mode: 'fixed', max: 2 });
		assert.deepEqual(transportSettingsFrom({ concurrencyMode: 'fixed', maxConcurrentRequests: 5 }).concurrency, { mode: 'fixed', max: 5 });
		assert.equal(maxConcurrencyFrom({ concurrencyMode: 'fixed' }), 2);
		assert.equal(maxConcurrencyFrom({}, false), 2);
		assert.equal(maxConcurrencyFrom({ maxConcurrentRequests: 3 }, false), 3);
	});
});

describe('audio formats', () => {
	it('maps MIME types and extension aliases', () => {
		assert.equal(extensionForMime('audio/x-wav'), 'wav');
		assert.equal(extensionForMime('audio/mpeg'), 'mp3');
		assert.equal(extensionForMime('application/octet-stream'), undefined);
		assert.equal(normalizeExtension('.M4A'), 'mp4');
		assert.equal(normalizeExtension('WAV'), 'wav');
	});
});

describe('the request window', () => {
	const credentials = { type: 'modulateApi' as const, baseUrl: 'http://127.0.0.1:1', apiKey: 'k', secrets: ['k'] };
	const settings = { timeoutMs: 1000, retry: { maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 }, concurrency: { mode: 'fixed' as const, max: 1 } };
	const request = (body: () => never | { body: string }) => ({
		method: 'POST' as const,
		path: '/api/m',
		body,
		operation: 'Test',
		failureContext: { surface: 'models' as const, target: 'm' },
	});

	it('gives the slot back when the body cannot be built, so the next request is not stuck behind it', async () => {
		let sent = 0;
		const ctx = {
			logger: { debug: () => undefined },
			helpers: {
				httpRequestWithAuthentication: async () => {
					sent++;
					return { statusCode: 200, headers: {}, body: '{}' };
				},
			},
			getNode: () => ({ name: 'Modulate' }),
		} as unknown as IExecuteFunctions;
		await assert.rejects(
			sendRequest.call(ctx, 0, credentials, request(() => {
				throw new Error('no binary');
			}), settings),
			/no binary/,
		);
		const outcome = await sendRequest.call(ctx, 1, credentials, request(() => ({ body: 'x' })), settings);
		assert.equal(outcome.ok, true);
		assert.equal(sent, 1);
	});
});
