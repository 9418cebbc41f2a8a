/**
 * The Modulate Platform node through n8n's real helpers (test/helpers/n8n.ts) against the emulator's
 * Platform API: every operation, the wait loop's schedule (counted in the emulator's request log),
 * timeout, failure status, cancellation, transient faults while polling, multi-file finalize order,
 * many jobs waited on together, continue-on-fail items and the credential test.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ModulatePlatformApi } from '../../credentials/ModulatePlatformApi.credentials';
import { expectedPolls } from '../../nodes/ModulatePlatform/polling/schedule';
import type { EmulatorConfig, RecordedRequest } from '../emulator/state';
import { DEFAULT_PLATFORM_ACCOUNT } from '../emulator/state';
import { useEmulator } from '../helpers/emulator';
import { binaryItem, findSecret, logsOf, runNode, testCredential } from '../helpers/n8n';
import { ModulatePlatform } from '../helpers/nodes';

const AUDIO = path.resolve(__dirname, '../fixtures/audio');
const sample = (name: string) => readFileSync(path.join(AUDIO, name));
const { accountUuid, apiKey } = DEFAULT_PLATFORM_ACCOUNT;

const emu = useEmulator();

function configure(partial: Partial<EmulatorConfig>): void {
	emu.state.configure(partial);
}

function creds(overrides: IDataObject = {}) {
	return { modulatePlatformApi: { accountUuid, apiKey, baseUrl: emu.url, ...overrides } };
}

/** Fast polling for tests: 0.1 s, no backoff unless given. */
const FAST = { pollIntervalSeconds: 0.1, backoffFactor: 1, maxPollIntervalSeconds: 1, waitTimeoutSeconds: 20 };

async function run(
	parameters: IDataObject,
	items: INodeExecutionData[],
	extra: { continueOnFail?: boolean; abortSignal?: AbortSignal; credentials?: IDataObject } = {},
) {
	return await runNode(new ModulatePlatform(), {
		parameters: { resource: 'job', ...parameters } as never,
		credentials: creds(extra.credentials) as never,
		credentialTypes: [new ModulatePlatformApi()],
		items,
		continueOnFail: extra.continueOnFail,
		abortSignal: extra.abortSignal,
	});
}

async function audioItem(name = 'call-01-billing.mp3', fileName = name, json: IDataObject = {}) {
	const mime = fileName.endsWith('.wav') ? 'audio/wav' : fileName.endsWith('.flac') ? 'audio/flac' : 'audio/mpeg';
	return await binaryItem(sample(name), fileName, mime, { json });
}

/** A completed job as the node outputs it (the emulator's status answer), as far as the tests read it. */
interface CompletedJob {
	status: string;
	results: {
		files: Array<{
			filename: string;
			utterances: Array<{ emotion: unknown }>;
			deepfake: Array<{ verdict: string }>;
			demographics: unknown;
			behavioral_insights: { escalation: unknown };
		}>;
	};
}
const completedJob = (item: INodeExecutionData): CompletedJob => item.json as unknown as CompletedJob;

const submits = (): RecordedRequest[] => emu.state.requests.filter((r) => r.method === 'POST' && r.path === '/api_service');
const statusCalls = (jobId?: string): RecordedRequest[] =>
	emu.state.requests.filter((r) => r.path.startsWith('/api_service/job_status/') && (!jobId || r.path.endsWith(`/${jobId}`)));

async function rejects(promise: Promise<unknown>): Promise<NodeApiError | NodeOperationError> {
	try {
		await promise;
	} catch (error) {
		assert.ok(error instanceof NodeApiError || error instanceof NodeOperationError, `unexpected error ${String(error)}`);
		return error;
	}
	assert.fail('expected the node to fail');
}

describe('Modulate Platform: Submit', () => {
	it('sends one single-file job per item (base64 JSON, both auth headers) and returns the job at once when not waiting', async () => {
		const { output } = await run({ operation: 'submit', waitForCompletion: false }, [await audioItem()]);
		assert.equal(output[0].length, 1);
		const json = output[0][0].json;
		assert.equal(json.status, 'processing');
		assert.equal(typeof json.job_id, 'string');
		assert.deepEqual(output[0][0].pairedItem, { item: 0 });

		const [req] = submits();
		assert.equal(req.headers.accountuuid, accountUuid);
		assert.equal(req.headers.apikey, apiKey);
		assert.match(req.headers['content-type'], /application\/json/);
		assert.equal(req.fields.submission_type, 'single_file_batch');
		assert.equal(req.fields.file_extension, 'mp3');
		assert.equal(req.fields.filename, 'call-01-billing.mp3');
		assert.equal(req.fields.flags, undefined);
		assert.equal(req.files[0].size, sample('call-01-billing.mp3').length);
		assert.equal(statusCalls().length, 0);
	});

	it('maps the feature options to flags and, waiting, outputs the completed result untouched', async () => {
		configure({ platformJobPolls: 1 });
		const { output } = await run(
			{
				operation: 'submit',
				pollingOptions: FAST,
				options: { emotion: true, demographics: true, deepfakeDetection: true, behavioralInsights: true },
			},
			[await audioItem('call-03-urgent-transfer.wav')],
		);
		assert.deepEqual(submits()[0].fields.flags, {
			emotion_annotation: true,
			demographics: true,
			deepfake_detection: true,
			behavioral_insights: true,
		});
		const json = completedJob(output[0][0]);
		assert.equal(json.status, 'completed');
		const file = json.results.files[0];
		assert.equal(file.filename, 'call-03-urgent-transfer.wav');
		assert.ok(file.utterances.length > 0 && file.utterances.every((u) => typeof u.emotion === 'string'));
		assert.ok(file.deepfake.some((d) => d.verdict === 'synthetic'));
		assert.ok(Array.isArray(file.demographics));
		assert.equal(typeof file.behavioral_insights.escalation, 'boolean');
		// exactly what the emulator answered to the last status call: nothing reshaped, nothing added
		assert.deepEqual(Object.keys(json).sort(), ['completed_at', 'created_at', 'files_received', 'flags', 'job_id', 'results', 'status', 'submission_type']);
	});

	it('checks format and size before sending', async () => {
		const big = await binaryItem(Buffer.alloc(5 * 1024 * 1024 + 1, 1), 'big.mp3', 'audio/mpeg');
		let error = await rejects(run({ operation: 'submit' }, [big]));
		assert.match(error.message, /file too large.*5\.0 MB/);
		error = await rejects(run({ operation: 'submit' }, [await binaryItem(Buffer.from('fLaC0000'), 'x.flac', 'audio/flac')]));
		assert.match(error.message, /unsupported file format \.flac.*supported: \.mp3, \.wav, \.opus/);
		assert.equal(emu.state.requests.length, 0);
	});

	it('names a rejected credential and never shows the key', async () => {
		const error = await rejects(run({ operation: 'submit' }, [await audioItem()], { credentials: { apiKey: 'pk_wrong_secret_123' } }));
		assert.ok(error instanceof NodeApiError);
		assert.equal(error.httpCode, '401');
		assert.match(error.message, /API key rejected.*account UUID/);
		assert.deepEqual(findSecret('pk_wrong_secret_123', error, logsOf(error)), []);
	});
});

describe('Modulate Platform: the wait loop', () => {
	it('polls on the interval with backoff: the status calls match what the options imply', async () => {
		configure({ platformJobPolls: 3 }); // 3 answers "processing", the 4th "completed"
		const { output } = await run({ operation: 'submit', pollingOptions: { ...FAST, backoffFactor: 2, maxPollIntervalSeconds: 0.4 } }, [
			await audioItem(),
		]);
		assert.equal(output[0][0].json.status, 'completed');
		const jobId = output[0][0].json.job_id as string;
		const calls = statusCalls(jobId);
		assert.equal(calls.length, 4);
		assert.deepEqual(
			calls.map((c) => c.status),
			[200, 200, 200, 200],
		);
	});

	it('does not poll more often than the schedule allows for a time-based job', async () => {
		configure({ platformJobMs: 1000 });
		const polling = { pollIntervalSeconds: 0.1, backoffFactor: 2, maxPollIntervalSeconds: 0.4, waitTimeoutSeconds: 20 };
		const { output } = await run({ operation: 'submit', pollingOptions: polling }, [await audioItem()]);
		assert.equal(output[0][0].json.status, 'completed');
		const limit = expectedPolls(1000, { intervalMs: 100, backoffFactor: 2, maxIntervalMs: 400, timeoutMs: 20_000 });
		assert.equal(limit, 4); // 0.1 + 0.2 + 0.4 + 0.4 s
		const n = statusCalls().length;
		assert.ok(n >= 3 && n <= limit, `status calls ${n}, expected at most ${limit}`);
	});

	it('times out with an error naming the job and how to resume', async () => {
		configure({ platformJobMs: 60_000 });
		const error = await rejects(
			run({ operation: 'submit', pollingOptions: { ...FAST, waitTimeoutSeconds: 0.5 } }, [await audioItem()]),
		);
		const jobId = statusCalls()[0].path.split('/').pop();
		assert.match(error.message, new RegExp(`job ${jobId} did not complete within 1 s|job ${jobId} did not complete within 0 s`));
		assert.match(error.message, /Get Status or Wait for Completion on job ID/);
		assert.equal(error.context.category, 'timeout');
		const n = statusCalls().length;
		assert.ok(n >= 1 && n <= 5, `status calls ${n}`);
	});

	it('fails a failed job with its id and reason', async () => {
		configure({ platformJobPolls: 0 });
		const error = await rejects(run({ operation: 'submit', pollingOptions: FAST }, [await audioItem('call-01-billing.mp3', 'please-fail.mp3')]));
		const jobId = statusCalls()[0].path.split('/').pop();
		assert.ok(error instanceof NodeOperationError);
		assert.match(error.message, new RegExp(`job ${jobId} failed \\(status "failed"\\): Audio file "please-fail.mp3" could not be processed`));
		assert.equal(error.context.category, 'jobFailed');
	});

	it('keeps waiting through transient status failures (503, reset, 429, HTML 502)', async () => {
		configure({ platformJobPolls: 1, faults: { script: ['status503', 'reset', 'concurrent429', 'html502'], scriptPath: '/job_status/' } });
		const { output } = await run({ operation: 'submit', pollingOptions: FAST }, [await audioItem()]);
		assert.equal(output[0][0].json.status, 'completed');
		assert.deepEqual(
			statusCalls().map((c) => c.status),
			[503, 0, 429, 502, 200, 200],
		);
	});

	it('stops within one interval when the execution is cancelled', async () => {
		configure({ platformJobMs: 60_000 });
		const controller = new AbortController();
		const running = run({ operation: 'submit', pollingOptions: { ...FAST, pollIntervalSeconds: 0.2 } }, [await audioItem()], {
			abortSignal: controller.signal,
		});
		while (statusCalls().length < 2) await new Promise((r) => setTimeout(r, 20));
		controller.abort();
		const error = await rejects(running);
		assert.equal(error.context.category, 'cancelled');
		const seen = statusCalls().length;
		await new Promise((r) => setTimeout(r, 600)); // three intervals: no further status call
		assert.equal(statusCalls().length, seen);
	});

	it('waits on many jobs together: 20 jobs of 3 s, all completed, status calls within the schedule', async () => {
		configure({ platformJobMs: 3000 });
		const items = await Promise.all(Array.from({ length: 20 }, async (_, i) => await audioItem('call-02-clinic.mp3', `call-${i}.mp3`)));
		const { output } = await run({ operation: 'submit' }, items); // default polling options
		assert.equal(output[0].length, 20);
		output[0].forEach((item, i) => {
			assert.equal(item.json.status, 'completed');
			assert.deepEqual(item.pairedItem, { item: i });
			assert.equal(completedJob(item).results.files[0].filename, `call-${i}.mp3`);
		});
		const limit = expectedPolls(3000, { intervalMs: 1000, backoffFactor: 1.2, maxIntervalMs: 30_000, timeoutMs: 600_000 });
		const perJob = new Map<string, number>();
		for (const c of statusCalls()) perJob.set(c.path, (perJob.get(c.path) ?? 0) + 1);
		assert.equal(perJob.size, 20);
		for (const n of perJob.values()) assert.ok(n <= limit, `a job had ${n} status calls, schedule allows ${limit}`);
	});

	it('follows the submit answer\'s estimate: an early call at half its low end, then calls across the window', async () => {
		// "1-2 seconds": calls planned at 0.5, 1.0, 1.25 s…; the job completes on the third call
		configure({ platformEstimate: '1-2 seconds', platformJobPolls: 2 });
		const { output } = await run({ operation: 'submit', pollingOptions: { waitTimeoutSeconds: 20 } }, [await audioItem()]);
		assert.equal(output[0][0].json.status, 'completed');
		const calls = statusCalls();
		assert.equal(calls.length, 3);
		// not before the early call's time (a lower bound only: the node never asks sooner than planned)
		assert.ok(calls[0].startedAt - submits()[0].endedAt >= 450, `first call after ${calls[0].startedAt - submits()[0].endedAt} ms`);
	});

	it('an account without an estimate is polled on the Polling options alone', async () => {
		configure({
			platformEstimate: '1-2 seconds',
			platformJobPolls: 1,
			platformAccounts: [{ ...DEFAULT_PLATFORM_ACCOUNT, estimate: false }],
		});
		const { output } = await run({ operation: 'submit', pollingOptions: FAST }, [await audioItem()]);
		assert.equal(output[0][0].json.status, 'completed');
		assert.equal(statusCalls().length, 2);
	});

	it('starts waiting for a job as soon as its own submit answered, while another submit is still held', async () => {
		configure({ platformJobPolls: 1, faults: { script: ['slow'], scriptPath: '/api_service', slowMs: 3000 } });
		const items = [await audioItem('call-01-billing.mp3', 'a.mp3'), await audioItem('call-01-billing.mp3', 'b.mp3')];
		const { output } = await run(
			{ operation: 'submit', pollingOptions: FAST, options: { concurrencyMode: 'fixed', maxConcurrentRequests: 2 } },
			items,
		);
		assert.ok(output[0].every((item) => item.json.status === 'completed'));
		const held = submits().find((r) => r.fault === 'slow')!;
		const other = submits().find((r) => r !== held)!;
		const early = statusCalls().filter((c) => c.startedAt < held.endedAt);
		// the other job was polled to completion (two calls) while the held submit had not answered yet
		assert.ok(other.endedAt < held.endedAt);
		assert.equal(early.length, 2);
	});

	it('survives the account concurrent limit while polling many jobs', async () => {
		configure({ platformJobPolls: 1, platformAccounts: [{ ...DEFAULT_PLATFORM_ACCOUNT, concurrency: 2 }] });
		const items = await Promise.all(Array.from({ length: 6 }, async (_, i) => await audioItem('call-01-billing.mp3', `c${i}.mp3`)));
		const { output } = await run(
			{ operation: 'submit', pollingOptions: { ...FAST, maxConcurrentStatusChecks: 6 }, options: { maxConcurrentRequests: 2 } },
			items,
		);
		assert.ok(output[0].every((i) => i.json.status === 'completed'));
		assert.ok((emu.state.peakInflight.get(`${accountUuid}|api_service`) ?? 0) <= 2);
	});
});

describe('Modulate Platform: Wait for Completion and Get Status', () => {
	it('waits on job ids from the input items and outputs the results in order', async () => {
		configure({ platformJobPolls: 2 });
		const submitted = await run({ operation: 'submit', waitForCompletion: false }, [await audioItem(), await audioItem('call-02-clinic.mp3')]);
		const { output } = await run({ operation: 'waitForCompletion', pollingOptions: FAST }, submitted.output[0].map((i) => ({ json: i.json })));
		assert.deepEqual(
			output[0].map((i) => [i.json.status, i.json.job_id, i.pairedItem]),
			submitted.output[0].map((i, k) => ['completed', i.json.job_id, { item: k }]),
		);
	});

	it('Get Status returns the status answer as is; an unknown job is a 404', async () => {
		configure({ platformJobMs: 60_000 });
		const submitted = await run({ operation: 'submit', waitForCompletion: false }, [await audioItem()]);
		const { output } = await run({ operation: 'getStatus' }, [{ json: submitted.output[0][0].json }]);
		assert.equal(output[0][0].json.status, 'processing');
		assert.equal(output[0][0].json.job_id, submitted.output[0][0].json.job_id);

		const error = await rejects(run({ operation: 'getStatus', jobId: 'no-such-job' }, [{ json: {} }]));
		assert.ok(error instanceof NodeApiError);
		assert.equal(error.httpCode, '404');
		assert.match(error.message, /not found: job no-such-job/);
	});

	it('continue-on-fail: error items carry category, httpCode and retryable, paired with their item', async () => {
		configure({ platformJobPolls: 0 });
		const submitted = await run({ operation: 'submit', waitForCompletion: false }, [await audioItem()]);
		const jobId = submitted.output[0][0].json.job_id;
		const { output } = await run(
			{ operation: 'waitForCompletion', jobId: '={{ $json.id }}', pollingOptions: FAST },
			[{ json: { id: jobId } }, { json: { id: 'missing-job' } }, { json: { id: '' } }],
			{ continueOnFail: true },
		);
		assert.equal(output[0][0].json.status, 'completed');
		assert.deepEqual(
			output[0].slice(1).map((i) => [i.json.category, i.json.httpCode, i.json.retryable, i.pairedItem]),
			[
				['notFound', '404', false, { item: 1 }],
				['badRequest', null, false, { item: 2 }],
			],
		);
	});

	it('continue-on-fail on Submit: a bad file and a failed job become error items, the rest complete', async () => {
		configure({ platformJobPolls: 0 });
		const items = [
			await audioItem(),
			await binaryItem(Buffer.from('fLaC0000'), 'x.flac', 'audio/flac'),
			await audioItem('call-01-billing.mp3', 'fail-me.mp3'),
		];
		const { output } = await run({ operation: 'submit', pollingOptions: FAST }, items, { continueOnFail: true });
		assert.equal(output[0][0].json.status, 'completed');
		assert.equal(output[0][1].json.category, 'unsupportedFormat');
		assert.equal(output[0][2].json.category, 'jobFailed');
		assert.match(String(output[0][2].json.error), /fail-me\.mp3/);
		assert.deepEqual(output[0].map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});

describe('Modulate Platform: Submit Multi-File', () => {
	it('10 files: one job, the same job_id, finalize_job exactly once on the last, 10 mapped outputs', async () => {
		configure({ platformJobPolls: 1 });
		const items = await Promise.all(Array.from({ length: 10 }, async (_, i) => await audioItem('call-01-billing.mp3', `part-${i}.mp3`)));
		const { output } = await run({ operation: 'submitMultiFile', pollingOptions: FAST }, items);
		const posts = submits();
		assert.equal(posts.length, 10);
		assert.equal(posts[0].fields.job_id, undefined);
		const jobId = output[0][0].json.job_id;
		assert.ok(posts.slice(1).every((p) => p.fields.job_id === jobId));
		assert.deepEqual(
			posts.map((p) => p.fields.finalize_job),
			[false, false, false, false, false, false, false, false, false, true],
		);
		assert.deepEqual(posts.map((p) => p.fields.filename), items.map((_, i) => `part-${i}.mp3`));
		assert.ok(posts.every((p) => p.fields.submission_type === 'multi_file_batch'));
		// the first status call comes after finalize
		assert.ok(statusCalls()[0].id > posts[9].id);

		assert.equal(output[0].length, 10);
		output[0].forEach((item, i) => {
			assert.equal(item.json.status, 'completed');
			assert.equal(item.json.job_id, jobId);
			assert.deepEqual(item.pairedItem, { item: i });
			assert.deepEqual(item.json.submittedFile, { index: i, fileName: `part-${i}.mp3`, count: 10 });
			assert.equal(completedJob(item).results.files[i].filename, `part-${i}.mp3`);
		});
	});

	it('groups by an expression: one job per group, outputs in input order; or one item per job', async () => {
		configure({ platformJobPolls: 0 });
		const items = await Promise.all(
			['a', 'b', 'a', 'b'].map(async (call, i) => await audioItem('call-02-clinic.mp3', `${call}-${i}.mp3`, { call })),
		);
		const perFile = await run({ operation: 'submitMultiFile', groupBy: '={{ $json.call }}', pollingOptions: FAST }, items);
		const ids = perFile.output[0].map((i) => i.json.job_id);
		assert.equal(ids[0], ids[2]);
		assert.equal(ids[1], ids[3]);
		assert.notEqual(ids[0], ids[1]);
		assert.deepEqual(perFile.output[0].map((i) => (i.json.submittedFile as IDataObject).fileName), ['a-0.mp3', 'b-1.mp3', 'a-2.mp3', 'b-3.mp3']);
		assert.equal(submits().filter((p) => p.fields.finalize_job === true).length, 2);

		emu.state.reset();
		configure({ platformJobPolls: 0 });
		const perJob = await run({ operation: 'submitMultiFile', groupBy: '={{ $json.call }}', output: 'perJob', pollingOptions: FAST }, items);
		assert.equal(perJob.output[0].length, 2);
		assert.deepEqual(perJob.output[0].map((i) => i.pairedItem), [
			[{ item: 0 }, { item: 2 }],
			[{ item: 1 }, { item: 3 }],
		]);
		assert.deepEqual((perJob.output[0][0].json.submittedFiles as IDataObject[]).map((f) => f.fileName), ['a-0.mp3', 'a-2.mp3']);
	});

	it('checks every file before the first upload', async () => {
		const items = [await audioItem(), await binaryItem(Buffer.from('x'), 'x.flac', 'audio/flac')];
		const error = await rejects(run({ operation: 'submitMultiFile' }, items));
		assert.match(error.message, /Item 1: unsupported file format/);
		assert.equal(submits().length, 0);
	});
});

describe('Modulate Platform: Start Realtime Session', () => {
	it('posts realtime_websocket without a file and returns the realtime URL and job id', async () => {
		const { output } = await run({ operation: 'startRealtimeSession', options: { emotion: true } }, [{ json: {} }]);
		const json = output[0][0].json;
		assert.match(String(json.realtime_url), /^ws:\/\/.*\/api_service\/realtime\//);
		assert.equal(typeof json.job_id, 'string');
		const [req] = submits();
		assert.deepEqual(req.fields, { submission_type: 'realtime_websocket', flags: { emotion_annotation: true } });
		assert.equal(req.files.length, 0);
		assert.deepEqual(findSecret(apiKey, output), []);
	});
});

describe('Modulate Platform API credential test', () => {
	const type = new ModulatePlatformApi();
	it('passes with the right account UUID and key', async () => {
		const result = await testCredential(type, { accountUuid, apiKey, baseUrl: emu.url });
		assert.equal(result.status, 'OK', result.message);
	});
	it('fails with a wrong key', async () => {
		const result = await testCredential(type, { accountUuid, apiKey: 'pk_wrong', baseUrl: emu.url });
		assert.equal(result.status, 'Error');
		assert.match(result.message, /Account UUID or API key rejected/);
	});
	it('fails with a wrong account UUID', async () => {
		const result = await testCredential(type, { accountUuid: '00000000-0000-4000-8000-000000000000', apiKey, baseUrl: emu.url });
		assert.equal(result.status, 'Error');
		assert.match(result.message, /Account UUID or API key rejected/);
	});
	it('says so when the Base URL is not the Platform API', async () => {
		const result = await testCredential(type, { accountUuid, apiKey, baseUrl: `${emu.url}/elsewhere` });
		assert.equal(result.status, 'Error');
		assert.match(result.message, /Base URL/);
	});
	it('says when the server could not check the credential (5xx)', async () => {
		configure({ faults: { script: ['status500'] } });
		const result = await testCredential(type, { accountUuid, apiKey, baseUrl: emu.url });
		assert.equal(result.status, 'Error');
		assert.match(result.message, /could not check the credential just now/);
	});
});
