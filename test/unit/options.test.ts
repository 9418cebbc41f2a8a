import assert from 'node:assert/strict';
import type { IExecuteFunctions } from 'n8n-workflow';
import { extensionForMime, normalizeExtension } from '../../nodes/shared/audioFormats';
import { maxConcurrencyFrom, transportSettingsFrom } from '../../nodes/shared/requestOptions';
import { summarizeFrames } from '../../nodes/Modulate/actions/deepfake/syntheticFrames';
import { redactionSummary } from '../../nodes/Modulate/actions/redaction/redactionSummary';
import { customTermsConfig, validateLanguage } from '../../nodes/Modulate/options/transcription';

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

describe('synthetic voice summary', () => {
	it('is synthetic when any frame is, with the highest confidence and the synthetic seconds', () => {
		const summary = summarizeFrames([
			{ start_time_ms: 0, end_time_ms: 1000, verdict: 'non-synthetic', confidence: 0.9 },
			{ start_time_ms: 1000, end_time_ms: 2000, verdict: 'synthetic', confidence: 0.7 },
			{ start_time_ms: 2000, end_time_ms: 2500, verdict: 'synthetic', confidence: 0.95 },
			{ start_time_ms: 2500, end_time_ms: 3000, verdict: 'no-content', confidence: null },
		]);
		assert.deepEqual(summary, {
			verdict: 'synthetic',
			maxSyntheticConfidence: 0.95,
			syntheticSeconds: 1.5,
			syntheticFrames: 2,
			totalFrames: 4,
		});
	});
	it('is no-content when nothing was spoken', () => {
		assert.equal(summarizeFrames([{ start_time_ms: 0, end_time_ms: 1000, verdict: 'no-content', confidence: null }]).verdict, 'no-content');
		assert.equal(summarizeFrames([]).verdict, 'no-content');
	});
});

describe('redaction summary', () => {
	it('counts both tag styles and the audio ranges', () => {
		const summary = redactionSummary({
			text: 'I am <pii:name></pii:name>, born <pii:date></pii:date>, I have <phi></phi>. Call [FIRSTNAME].',
			redaction_ranges: [[1, 2], [3, 4], [5, 6]],
		});
		assert.equal(summary.redactionCount, 4);
		assert.deepEqual(summary.redactedEntities, { 'pii:name': 1, 'pii:date': 1, phi: 1, firstname: 1 });
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
