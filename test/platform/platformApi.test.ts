/** The Platform node's assumed-API module: bodies and readers. */
import assert from 'node:assert/strict';
import {
	flagsFrom,
	jobState,
	multiFileBody,
	readFailureReason,
	readJobId,
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
});
