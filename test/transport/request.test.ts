/** The shared request inputs: the request options (timeout, retries, concurrency) and the audio formats. */
import assert from 'node:assert/strict';
import { extensionForMime, normalizeExtension } from '../../nodes/shared/audioFormats';
import { maxConcurrencyFrom, transportSettingsFrom } from '../../nodes/shared/requestOptions';

describe('request options', () => {
	it('maps timeout seconds, retries and initial delay to transport settings', () => {
		const settings = transportSettingsFrom({ timeoutSeconds: 30, maxRetries: 2, retryInitialDelayMs: 50 });
		assert.equal(settings.timeoutMs, 30_000);
		assert.equal(settings.retry.maxRetries, 2);
		assert.equal(settings.retry.baseDelayMs, 50);
	});
	it('defaults to 2 concurrent requests, 600 s and 4 retries', () => {
		const settings = transportSettingsFrom({});
		assert.equal(settings.timeoutMs, 600_000);
		assert.equal(settings.retry.maxRetries, 4);
		assert.equal(maxConcurrencyFrom({}), 2);
		assert.equal(maxConcurrencyFrom({ maxConcurrentRequests: 4 }), 4);
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
