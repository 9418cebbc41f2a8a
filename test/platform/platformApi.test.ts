/** The Platform node's assumed-API module: bodies and readers. */
import assert from 'node:assert/strict';
import {
	answerProblem,
	describeValue,
	flagsFrom,
	isPlainJobId,
	jobState,
	multiFileBody,
	readFailureReason,
	readJobId,
	readProcessingEstimate,
	realtimeBody,
	singleFileBody,
	statusPath,
} from '../../nodes/ModulatePlatform/platformApi';

describe('platformApi (the assumed names)', () => {
	const file = { base64: 'AAAA', extension: 'mp3', fileName: 'a.mp3' };
	it('builds the submit bodies', () => {
		assert.deepEqual(singleFileBody(file, { emotion_annotation: true }), {
			submission_type: 'single_file_batch',
			audio_base64: 'AAAA',
			file_extension: 'mp3',
			filename: 'a.mp3',
			flags: { emotion_annotation: true },
		});
		assert.deepEqual(multiFileBody(file, { finalize: false }), {
			submission_type: 'multi_file_batch',
			audio_base64: 'AAAA',
			file_extension: 'mp3',
			filename: 'a.mp3',
			finalize_job: false,
		});
		assert.equal(multiFileBody(file, { jobId: 'j1', finalize: true }).job_id, 'j1');
		assert.deepEqual(realtimeBody(), { submission_type: 'realtime_websocket' });
		assert.equal(statusPath('a/b c'), '/api_service/job_status/a%2Fb%20c');
	});
	it('maps the friendly features to flags, only those switched on', () => {
		assert.deepEqual(flagsFrom({ emotion: true, demographics: false, deepfakeDetection: true, behavioralInsights: true }), {
			emotion_annotation: true,
			deepfake_detection: true,
			behavioral_insights: true,
		});
		assert.equal(flagsFrom({}), undefined);
	});
	it('reads job ids, states and failure reasons', () => {
		assert.equal(readJobId({ job_id: 'x' }), 'x');
		assert.equal(readJobId({ id: 7 }), '7');
		assert.equal(readJobId({}), undefined);
		assert.equal(jobState({ status: 'completed' }), 'completed');
		assert.equal(jobState({ status: 'FAILED' }), 'failed');
		assert.equal(jobState({ status: 'queued' }), 'running');
		assert.equal(jobState({}), 'running');
		assert.equal(readFailureReason({ status: 'failed', error: 'bad audio' }), 'bad audio');
		assert.equal(readFailureReason({ status: 'failed', error: { message: 'decode error' } }), 'decode error');
		assert.equal(readFailureReason({ status: 'failed', failure_reason: 'timeout' }), 'timeout');
		assert.equal(readFailureReason({ status: 'failed' }), undefined);
	});
	it('accepts only plain-token job ids', () => {
		for (const id of ['6f0b8a52-1d9e-4c1a-9a7b-2f5e3c4d1a00', 'job_42', '7']) assert.ok(isPlainJobId(id), id);
		for (const id of ['', '.', '..', 'a/b', 'a?b', 'a b', 'a.b', 'x'.repeat(129)]) assert.ok(!isPlainJobId(id), id);
	});
	it('says what is wrong with an answer, per shape', () => {
		assert.equal(answerProblem('submit', { job_id: 'j1', status: 'processing' }), undefined);
		assert.equal(answerProblem('submit', { job_id: 12 }), undefined);
		assert.equal(answerProblem('submit', {}), 'it has no job_id');
		assert.equal(answerProblem('submit', []), 'it is an array ([]), not a JSON object');
		assert.equal(answerProblem('submit', { job_id: '../x' }), 'its job_id "../x" is not a plain token (letters, digits, "-" and "_" only, at most 128 characters)');
		assert.equal(answerProblem('submit', { job_id: { id: 1 } }), 'its job_id is an object ({"id":1}), not text');
		assert.equal(answerProblem('realtime', { job_id: 'j1' }), 'it has no realtime_url');
		assert.equal(answerProblem('realtime', { job_id: 'j1', realtime_url: 'wss://h/x?t=1' }), undefined);
		assert.equal(answerProblem('status', { status: 'processing' }, 'j1'), undefined);
		assert.equal(answerProblem('status', { job_id: 'j1' }, 'j1'), 'it has no status');
		assert.equal(answerProblem('status', { status: 3 }, 'j1'), 'its status is a number (3), not text');
		assert.equal(answerProblem('status', { status: 'completed', job_id: 'j2' }, 'j1'), 'it is about job j2, not job j1');
		assert.equal(describeValue(undefined), 'nothing (undefined)');
	});

	it('reads the processing-time estimate: ranges and units, a number of seconds; unknown text is none', () => {
		const read = (value: unknown) => readProcessingEstimate({ job_id: 'j', estimated_processing_time: value });
		assert.deepEqual(read('30-60 seconds'), { minMs: 30_000, maxMs: 60_000 });
		assert.deepEqual(read('3-5 seconds'), { minMs: 3000, maxMs: 5000 });
		assert.deepEqual(read('3 – 5 s'), { minMs: 3000, maxMs: 5000 });
		assert.deepEqual(read('1 to 2 minutes'), { minMs: 60_000, maxMs: 120_000 });
		assert.deepEqual(read('2 minutes'), { minMs: 120_000, maxMs: 120_000 });
		assert.deepEqual(read('about 1 minute'), { minMs: 60_000, maxMs: 60_000 });
		assert.deepEqual(read('90s'), { minMs: 90_000, maxMs: 90_000 });
		assert.deepEqual(read('1.5 hours'), { minMs: 5_400_000, maxMs: 5_400_000 });
		assert.deepEqual(read(45), { minMs: 45_000, maxMs: 45_000 });
		assert.deepEqual(read('45'), { minMs: 45_000, maxMs: 45_000 });
		for (const unknown of ['soon', 'a few seconds', '', '5-3 seconds', '0 seconds', '3 parsecs', -1, null, undefined, { min: 3 }]) {
			assert.equal(read(unknown), undefined, JSON.stringify(unknown));
		}
		assert.equal(readProcessingEstimate({ job_id: 'j' }), undefined);
	});
});
