import assert from 'node:assert/strict';
import {
	classifyHttpFailure,
	classifyTransportFailure,
	extractDetail,
	parseRetryAfter,
} from '../../nodes/shared/transport/classify';

const models = { surface: 'models' as const, target: 'velma-2-stt-batch' };
const svd = { surface: 'models' as const, target: 'velma-2-synthetic-voice-detection-batch' };

describe('classifyHttpFailure', () => {
	const cases: Array<[string, number, unknown, string, boolean, RegExp]> = [
		['401 bad key', 401, { detail: 'Invalid API key.' }, 'invalidCredentials', false, /API key rejected/],
		['403 model not enabled', 403, { detail: 'This request is not permitted.' }, 'permissionDenied', false, /model not enabled for this organization/],
		['403 bad key (synthetic voice style)', 403, { detail: 'Invalid API key.' }, 'invalidCredentials', false, /API key rejected/],
		['403 concurrent limit (synthetic voice style)', 403, { detail: 'Concurrent request limit exceeded for this model.' }, 'concurrencyLimit', true, /concurrent request limit/],
		['429 credits', 429, { detail: 'Insufficient credits.' }, 'quotaExhausted', false, /monthly quota exhausted/],
		['429 monthly limit', 429, { detail: 'Monthly usage limit reached.' }, 'quotaExhausted', false, /quota/],
		['429 concurrent', 429, { detail: 'Concurrent request limit reached for this model. Please retry shortly.' }, 'concurrencyLimit', true, /concurrent/],
		['429 without detail is treated as the concurrent limit', 429, undefined, 'concurrencyLimit', true, /concurrent/],
		['400 unsupported format', 400, { detail: 'Unsupported file format. Supported formats: .aac, .wav.' }, 'unsupportedFormat', false, /unsupported file format/],
		['400 empty', 400, { detail: 'The uploaded file is empty.' }, 'badRequest', false, /empty/],
		['400 language', 400, { detail: "Invalid language='english'." }, 'badRequest', false, /invalid language/],
		['404', 404, { detail: 'Not Found' }, 'notFound', false, /not found/],
		['413', 413, { detail: 'File too large.' }, 'fileTooLarge', false, /file too large/],
		['422 too short', 422, { detail: 'The audio is too short to analyze.' }, 'badRequest', false, /too short/],
		['422 missing key header', 422, { detail: [{ loc: ['header', 'x-api-key'], msg: 'Field required', type: 'missing' }] }, 'invalidCredentials', false, /API key missing/],
		['500', 500, { detail: 'Internal server error' }, 'serverError', true, /server error \(500\)/],
		['502 JSON', 502, { detail: 'Unable to validate request. Please try again.' }, 'serverError', true, /502/],
		['502 HTML from a proxy', 502, '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', 'serverError', true, /502/],
		['503', 503, '', 'serverError', true, /503/],
		['504', 504, { detail: 'The request timed out. Please try again.' }, 'serverError', true, /504/],
	];
	for (const [name, status, body, category, retryable, cause] of cases) {
		it(name, () => {
			const result = classifyHttpFailure(status, body, status === 403 ? svd : models);
			assert.equal(result.category, category);
			assert.equal(result.retryable, retryable);
			assert.match(result.cause, cause);
			assert.equal(result.httpCode, String(status));
		});
	}

	it('reads Retry-After in seconds', () => {
		assert.equal(classifyHttpFailure(503, '', models, '3').retryAfterMs, 3000);
	});

	it('names the model in permission and limit causes', () => {
		assert.match(classifyHttpFailure(403, { detail: 'This request is not permitted.' }, models).cause, /velma-2-stt-batch/);
	});
});

describe('extractDetail', () => {
	it('reads a string detail, a FastAPI list, and an HTML page', () => {
		assert.equal(extractDetail({ detail: 'x' }), 'x');
		assert.equal(
			extractDetail({ detail: [{ loc: ['body', 'upload_file'], msg: 'Field required', type: 'missing' }] }),
			'body.upload_file: Field required',
		);
		assert.match(extractDetail('<!DOCTYPE html><html><title>502 Bad Gateway</title></html>')!, /HTML page \("502 Bad Gateway"\).*proxy/);
		assert.equal(extractDetail('{"detail":"from text"}'), 'from text');
		assert.equal(extractDetail(undefined), undefined);
	});
});

describe('parseRetryAfter', () => {
	it('reads seconds and HTTP dates', () => {
		assert.equal(parseRetryAfter('2'), 2000);
		assert.equal(parseRetryAfter('Wed, 25 Nov 2026 13:00:10 GMT', Date.parse('Wed, 25 Nov 2026 13:00:00 GMT')), 10000);
		assert.equal(parseRetryAfter('soon'), undefined);
		assert.equal(parseRetryAfter(undefined), undefined);
	});
});

describe('classifyTransportFailure', () => {
	it('treats resets as transient network failures', () => {
		const error = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		const result = classifyTransportFailure(error, models, 600_000);
		assert.equal(result.category, 'network');
		assert.equal(result.retryable, true);
	});
	it('treats timeouts as transient and names the limit', () => {
		const error = Object.assign(new Error('timeout of 5000ms exceeded'), { code: 'ECONNABORTED' });
		const result = classifyTransportFailure(error, models, 5000);
		assert.equal(result.category, 'timeout');
		assert.equal(result.retryable, true);
		assert.match(result.cause, /5 s/);
	});
	it('treats an unknown host as permanent', () => {
		const error = Object.assign(new Error('getaddrinfo ENOTFOUND nope'), { code: 'ENOTFOUND' });
		const result = classifyTransportFailure(error, models, 1000);
		assert.equal(result.retryable, false);
		assert.match(result.fix, /Base URL/);
	});
	it('reads the code from a nested cause', () => {
		const error = new Error('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
		assert.equal(classifyTransportFailure(error, models, 1000).retryable, true);
	});
	it('calls an abort a cancellation only when the execution was cancelled, else the timeout', () => {
		const error = Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' });
		assert.equal(classifyTransportFailure(error, models, 1000, true).category, 'cancelled');
		assert.equal(classifyTransportFailure(error, models, 1000, false).category, 'timeout');
	});
});
