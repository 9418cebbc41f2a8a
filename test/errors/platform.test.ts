/**
 * Bad-input catalogue, Modulate Platform node: job IDs, expressions of the wrong type, files, credentials,
 * broken server answers and lost submit answers (duplicate jobs). Each case runs twice through n8n's real
 * helpers against the emulator: with continue-on-fail (the error item) and without (the thrown error).
 * Both must carry the exact category and the message's key words; when the fault is local nothing may reach
 * the emulator; no key may appear in output, errors or logs; no error code (ECONNRESET, …) may sit in the
 * message, where n8n would replace the whole message with its generic text.
 *
 * `INVALID` is the category of an answer that breaks the assumed fields.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { platformJobs } from '../emulator/platform';
import { type RunningEmulator, startEmulator } from '../emulator/server';
import type { EmulatorConfig, RecordedRequest } from '../emulator/state';
import { DEFAULT_PLATFORM_ACCOUNT } from '../emulator/state';
import { binaryItem, findSecret, logsOf, storedError } from '../helpers/n8n';
import { platformRunner } from '../helpers/platformRunner';

const INVALID = 'invalidAnswer';
const WRONG_KEY = 'pk_catalogue_wrong_4e9d1c';
const SECRETS = [DEFAULT_PLATFORM_ACCOUNT.apiKey, WRONG_KEY];
const FAST = { pollIntervalSeconds: 0.1, backoffFactor: 1, maxPollIntervalSeconds: 0.5, waitTimeoutSeconds: 20 };
/** Error codes n8n-workflow's NodeError replaces a message for, when the message contains them. */
const NODE_ERROR_CODES = /ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|ECONNABORTED|EHOSTUNREACH|EAI_AGAIN|EPIPE/i;

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(async () => {
	await emu.close();
});

const p = platformRunner(() => emu.url);
const AUDIO = path.resolve(__dirname, '../fixtures/audio');
const mp3 = async (fileName = 'call-01-billing.mp3', json: IDataObject = {}) =>
	await binaryItem(readFileSync(path.join(AUDIO, 'call-01-billing.mp3')), fileName, 'audio/mpeg', { json });
const submits = (): RecordedRequest[] => emu.state.requests.filter((r) => r.method === 'POST' && r.path === '/api_service');
const statusCalls = (): RecordedRequest[] => emu.state.requests.filter((r) => r.path.startsWith('/api_service/job_status/'));

interface Case {
	area: 'job IDs' | 'expressions' | 'files' | 'credentials' | 'server answers' | 'duplicate jobs';
	title: string;
	parameters: INodeParameters;
	items: () => Promise<INodeExecutionData[]>;
	credentials?: IDataObject;
	config?: Partial<EmulatorConfig>;
	category: string;
	retryable?: boolean;
	httpCode?: string;
	/** Key words of the message: item, field, cause, fix. */
	message: RegExp[];
	description?: RegExp[];
	/** Local fault: nothing may reach the emulator. */
	local?: boolean;
	/** Else: how many requests reached it (each mode). */
	requests?: number;
	/** Further checks after each run. */
	after?: () => void;
}

const cases: Case[] = [
	// --- job IDs: plain tokens only, shown as given, refused before anything is sent ----------------------
	{
		area: 'job IDs',
		title: 'Get Status: ".." is refused, not sent as GET /api_service/',
		parameters: { operation: 'getStatus', jobId: '..' },
		items: async () => [{ json: {} }],
		category: 'badRequest',
		message: [/^Item 0: /, /job ID "\.\." is not a valid job ID/, /letters, digits/],
		description: [/job_id that Submit/],
		local: true,
	},
	{
		area: 'job IDs',
		title: 'Get Status: a path ("../admin") is refused',
		parameters: { operation: 'getStatus', jobId: '../admin' },
		items: async () => [{ json: {} }],
		category: 'badRequest',
		message: [/^Item 0: /, /job ID "\.\.\/admin" is not a valid job ID/],
		local: true,
	},
	{
		area: 'job IDs',
		title: 'Wait for Completion: an ID with a space is refused',
		parameters: { operation: 'waitForCompletion', jobId: 'job 42', pollingOptions: FAST },
		items: async () => [{ json: {} }],
		category: 'badRequest',
		message: [/^Item 0: /, /job ID "job 42" is not a valid job ID/],
		local: true,
	},
	{
		area: 'job IDs',
		title: 'Get Status: an ID with a query ("a?b=1") is refused',
		parameters: { operation: 'getStatus', jobId: 'a?b=1' },
		items: async () => [{ json: {} }],
		category: 'badRequest',
		message: [/job ID "a\?b=1" is not a valid job ID/],
		local: true,
	},
	{
		area: 'job IDs',
		title: 'Get Status: a plain but unknown ID reaches the Platform and is a 404',
		parameters: { operation: 'getStatus', jobId: 'no-such-job_42' },
		items: async () => [{ json: {} }],
		category: 'notFound',
		httpCode: '404',
		message: [/^Get Status \(job no-such-job_42\): not found: job no-such-job_42/, /Check the job ID/],
		requests: 1,
	},
	// --- expressions of the wrong type: say what type arrived ----------------------------------------------
	{
		area: 'expressions',
		title: 'Get Status: the Job ID expression gives an object',
		parameters: { operation: 'getStatus', jobId: '={{ $json }}' },
		items: async () => [{ json: { job_id: 'abc' } }],
		category: 'badRequest',
		message: [/^Item 0: "Job ID" must be text or a whole number, but the expression gave an object \(\{"job_id":"abc"\}\)/],
		description: [/\{\{ \$json\.job_id \}\}/],
		local: true,
	},
	{
		area: 'expressions',
		title: 'Wait for Completion: the Job ID expression gives an array',
		parameters: { operation: 'waitForCompletion', jobId: '={{ $json.ids }}', pollingOptions: FAST },
		items: async () => [{ json: { ids: ['a', 'b'] } }],
		category: 'badRequest',
		message: [/"Job ID" must be text or a whole number, but the expression gave an array \(\["a","b"\]\)/],
		local: true,
	},
	{
		area: 'expressions',
		title: 'Get Status: the Job ID expression gives a boolean',
		parameters: { operation: 'getStatus', jobId: '={{ $json.done }}' },
		items: async () => [{ json: { done: true } }],
		category: 'badRequest',
		message: [/the expression gave a boolean \(true\)/],
		local: true,
	},
	{
		area: 'expressions',
		title: 'Get Status: the Job ID expression finds nothing',
		parameters: { operation: 'getStatus', jobId: '={{ $json.jobId }}' },
		items: async () => [{ json: { job_id: 'abc' } }],
		category: 'badRequest',
		message: [/^Item 0: no job ID to check: the "Job ID" expression gave nothing \(undefined\)/],
		description: [/Set "Job ID"/],
		local: true,
	},
	{
		area: 'expressions',
		title: 'Get Status: the Job ID expression gives a fraction',
		parameters: { operation: 'getStatus', jobId: '={{ $json.n }}' },
		items: async () => [{ json: { n: 1.5 } }],
		category: 'badRequest',
		message: [/the job ID 1\.5 is not a valid job ID/],
		local: true,
	},
	{
		area: 'expressions',
		title: 'Submit: the Input Binary Field expression gives an object',
		parameters: { operation: 'submit', binaryPropertyName: '={{ $json.file }}' },
		items: async () => [await mp3('call.mp3', { file: { name: 'data' } })],
		category: 'badRequest',
		message: [/^Item 0: "Input Binary Field" must be the name of a binary field, e\.g\. data, but got an object/],
		local: true,
	},
	{
		area: 'expressions',
		title: 'Submit: a feature switch expression gives "yes"',
		parameters: { operation: 'submit', options: { emotion: '={{ $json.emotion }}' } },
		items: async () => [await mp3('call.mp3', { emotion: 'yes' })],
		category: 'badRequest',
		message: [/^Item 0: "Emotion" must be true or false, but got text \("yes"\)/],
		local: true,
	},
	{
		area: 'expressions',
		title: 'Submit: a polling option that is not a number fails before the upload',
		parameters: { operation: 'submit', pollingOptions: { pollIntervalSeconds: '={{ $json.every }}' } },
		items: async () => [await mp3('call.mp3', { every: 'often' })],
		category: 'badRequest',
		message: [/^Item 0: "Poll Interval \(Seconds\)" must be a number above 0, but got text \("often"\)/],
		local: true,
	},
	{
		area: 'expressions',
		title: 'Submit Multi-File: a bad option on the second item fails before the first upload',
		parameters: { operation: 'submitMultiFile', options: { timeoutSeconds: '={{ $json.t }}' } },
		items: async () => [await mp3('a.mp3', { t: 30 }), await mp3('b.mp3', { t: -5 })],
		category: 'badRequest',
		message: [/^Item 1: "Timeout \(Seconds\)" must be a number of at least 1, but got a number \(-5\)/],
		local: true,
	},
	// --- files -----------------------------------------------------------------------------------------------
	{
		area: 'files',
		title: 'Submit: a FLAC file is refused before sending, naming the formats',
		parameters: { operation: 'submit' },
		items: async () => [await binaryItem(Buffer.from('fLaC0000'), 'x.flac', 'audio/flac')],
		category: 'unsupportedFormat',
		message: [/unsupported file format \.flac/, /\.mp3, \.wav, \.opus/],
		local: true,
	},
	{
		area: 'files',
		title: 'Submit: an item without the binary field',
		parameters: { operation: 'submit' },
		items: async () => [{ json: { note: 'no audio' } }],
		category: 'badRequest',
		message: [/^Item 0: no binary property "data"/],
		local: true,
	},
	{
		area: 'files',
		title: 'Submit: a file over 5 MB',
		parameters: { operation: 'submit' },
		items: async () => [await binaryItem(Buffer.alloc(5 * 1024 * 1024 + 1, 1), 'big.mp3', 'audio/mpeg')],
		category: 'fileTooLarge',
		message: [/file too large/, /5\.0 MB/],
		local: true,
	},
	// --- credentials -----------------------------------------------------------------------------------------
	{
		area: 'credentials',
		title: 'Submit: a wrong API key is rejected once, never shown',
		parameters: { operation: 'submit' },
		items: async () => [await mp3()],
		credentials: { apiKey: WRONG_KEY },
		category: 'invalidCredentials',
		httpCode: '401',
		message: [/API key rejected/, /account UUID/, /Modulate Platform API credential/],
		requests: 1,
	},
	{
		area: 'credentials',
		title: 'Get Status: a wrong account UUID is rejected',
		parameters: { operation: 'getStatus', jobId: 'abc' },
		items: async () => [{ json: {} }],
		credentials: { accountUuid: '00000000-0000-4000-8000-000000000000' },
		category: 'invalidCredentials',
		httpCode: '401',
		message: [/API key rejected/, /account UUID/],
		requests: 1,
	},
	{
		area: 'credentials',
		title: 'Submit: a server echoing the key (URL- and base64-encoded) does not leak it',
		parameters: { operation: 'submit' },
		items: async () => [await mp3()],
		config: { faults: { script: ['echoKey400'] } },
		category: 'badRequest',
		httpCode: '400',
		message: [/^Submit \(POST \/api_service\): request rejected/],
		requests: 1,
	},
	// --- broken answers: an error that says what was wrong ---------------------------------------------------
	{
		area: 'server answers',
		title: 'Submit: a 200 with plain text',
		parameters: { operation: 'submit', waitForCompletion: false },
		items: async () => [await mp3()],
		config: { faults: { script: ['text200'] } },
		category: INVALID,
		message: [/invalid answer from the Modulate Platform to the upload: it is text\/plain, not JSON/, /may have created the job/, /Base URL/],
		description: [/OK/],
		requests: 1,
	},
	{
		area: 'server answers',
		title: 'Submit: a 200 labelled JSON that does not parse',
		parameters: { operation: 'submit', waitForCompletion: false },
		items: async () => [await mp3()],
		config: { faults: { script: ['badJson200'] } },
		category: INVALID,
		message: [/to the upload: it is labelled JSON but does not parse/],
		requests: 1,
	},
	{
		area: 'server answers',
		title: 'Submit: a 200 with {} (no job_id)',
		parameters: { operation: 'submit', waitForCompletion: false },
		items: async () => [await mp3()],
		config: { faults: { script: ['empty200'] } },
		category: INVALID,
		message: [/to the upload: it has no job_id/, /may have created the job/],
		description: [/\{\}/],
		requests: 1,
	},
	{
		area: 'server answers',
		title: 'Start Realtime Session: a 200 with {}',
		parameters: { operation: 'startRealtimeSession' },
		items: async () => [{ json: {} }],
		config: { faults: { script: ['empty200'] } },
		category: INVALID,
		message: [/^Start Realtime Session \(POST \/api_service\): invalid answer .* to the session request: it has no job_id/],
		requests: 1,
	},
	{
		area: 'server answers',
		title: 'Get Status: a 200 with plain text',
		parameters: { operation: 'getStatus', jobId: 'abc' },
		items: async () => [{ json: {} }],
		config: { faults: { script: ['text200'] } },
		category: INVALID,
		message: [/^Get Status \(job abc\): invalid answer from the Modulate Platform to the status call: it is text\/plain, not JSON/, /still be running/],
		requests: 1,
	},
	{
		area: 'server answers',
		title: 'Get Status: a 200 with {} (no status)',
		parameters: { operation: 'getStatus', jobId: 'abc' },
		items: async () => [{ json: {} }],
		config: { faults: { script: ['empty200'] } },
		category: INVALID,
		message: [/\(job abc\): .* it has no status/],
		requests: 1,
	},
	{
		area: 'server answers',
		title: 'Wait for Completion: a status answer that does not parse ends the wait at once, naming the job',
		parameters: { operation: 'waitForCompletion', jobId: 'job-7', pollingOptions: FAST },
		items: async () => [{ json: {} }],
		config: { faults: { script: ['badJson200'], scriptPath: '/job_status/' } },
		category: INVALID,
		message: [/^Wait for Completion \(job job-7\): invalid answer .* labelled JSON but does not parse/, /Get Status/],
		requests: 1,
	},
	{
		area: 'server answers',
		title: 'Submit (waiting): a status answer with {} ends the wait, not a timeout with "last status: unknown"',
		parameters: { operation: 'submit', pollingOptions: FAST },
		items: async () => [await mp3()],
		config: { platformJobPolls: 3, faults: { script: ['empty200'], scriptPath: '/job_status/' } },
		category: INVALID,
		message: [/^Submit \(job [0-9a-f-]{36}\): invalid answer .* to the status call: it has no status/],
		requests: 2,
		after: () => assert.equal(statusCalls().length, 1),
	},
	// --- lost submit answers: never a second job unless asked -------------------------------------------------
	{
		area: 'duplicate jobs',
		title: 'Submit: the connection drops after the job was created; not retried',
		parameters: { operation: 'submit', waitForCompletion: false, options: { retryInitialDelayMs: 10 } },
		items: async () => [await mp3()],
		config: { faults: { script: ['dropAfterCreate'] } },
		category: 'network',
		message: [/^Submit \(POST \/api_service\): the connection ended before the Platform's answer/, /may have created the job/, /no second \(billed\) job/, /"Retry Submit After Lost Answer"/],
		requests: 1,
	},
	{
		area: 'duplicate jobs',
		title: 'Submit: an answer cut off half-way; not retried',
		parameters: { operation: 'submit', waitForCompletion: false, options: { retryInitialDelayMs: 10 } },
		items: async () => [await mp3()],
		config: { faults: { script: ['truncated200'] } },
		category: 'any transient',
		message: [/may have created the job/, /"Retry Submit After Lost Answer"/],
		requests: 1,
	},
	{
		area: 'duplicate jobs',
		title: 'Submit: a refused connection sent nothing, so it is retried and not reported as a possible job',
		parameters: { operation: 'submit', waitForCompletion: false, options: { retryInitialDelayMs: 10, maxRetries: 1 } },
		items: async () => [await mp3()],
		credentials: { baseUrl: 'http://127.0.0.1:1' },
		category: 'network',
		retryable: true,
		message: [/^Submit \(POST \/api_service\): nothing accepted the connection at the Base URL \(connection refused\)/, /already retried/],
		local: true,
	},
	{
		area: 'duplicate jobs',
		title: 'Submit: a 500 after the upload; not retried',
		parameters: { operation: 'submit', waitForCompletion: false, options: { retryInitialDelayMs: 10 } },
		items: async () => [await mp3()],
		config: { faults: { script: ['status500'] } },
		category: 'serverError',
		httpCode: '500',
		message: [/the Platform answered 500 to the upload, possibly after creating the job/],
		description: [/Internal server error/],
		requests: 1,
	},
	{
		area: 'duplicate jobs',
		title: 'Submit Multi-File: the second upload loses its answer; the message names the job, no further upload',
		parameters: { operation: 'submitMultiFile', waitForCompletion: false, options: { retryInitialDelayMs: 10 } },
		items: async () => [await mp3('a.mp3'), await mp3('b.mp3'), await mp3('c.mp3')],
		config: { faults: { script: ['slow', 'dropAfterCreate'], slowMs: 1 } },
		category: 'network',
		message: [/Job [0-9a-f-]{36} may now hold this file/],
		requests: 2,
	},
];

function assertNoSecret(...values: unknown[]): void {
	for (const secret of SECRETS) assert.deepEqual(findSecret(secret, ...values), [], `the key ${secret.slice(0, 8)}… leaked`);
}

function assertCategory(actual: unknown, c: Case): void {
	if (c.category === 'any transient') assert.ok(actual === 'network' || actual === 'timeout', `category ${String(actual)}`);
	else assert.equal(actual, c.category);
}

function assertRequests(c: Case): void {
	if (c.local) assert.deepEqual(emu.state.requests.map((r) => `${r.method} ${r.path}`), [], 'a local fault sent something');
	else assert.equal(emu.state.requests.length, c.requests, `requests: ${emu.state.requests.map((r) => `${r.method} ${r.path} ${r.status}`).join(', ')}`);
}

function prepare(c: Case): void {
	emu.state.reset();
	if (c.config) emu.state.configure(c.config);
}

describe('Bad-input catalogue: Modulate Platform node', () => {
	for (const area of [...new Set(cases.map((c) => c.area))]) {
		describe(area, () => {
			for (const c of cases.filter((x) => x.area === area)) {
				it(c.title, async () => {
					// continue-on-fail: the error item
					prepare(c);
					const { output, logs } = await p.run(c.parameters, await c.items(), { continueOnFail: true, credentials: c.credentials });
					const failed = output[0].filter((i) => i.json.error !== undefined);
					assert.ok(failed.length >= 1, `no error item: ${JSON.stringify(output[0].map((i) => i.json)).slice(0, 500)}`);
					const item = failed[0];
					assertCategory(item.json.category, c);
					assert.equal(item.json.retryable, c.retryable ?? false);
					assert.equal(item.json.httpCode, c.httpCode ?? null);
					for (const re of c.message) assert.match(String(item.json.error), re);
					for (const re of c.description ?? []) assert.match(String(item.json.description), re);
					assert.doesNotMatch(String(item.json.error), NODE_ERROR_CODES);
					assert.ok(item.pairedItem !== undefined);
					assertRequests(c);
					c.after?.();
					assertNoSecret(output, logs);

					// without continue-on-fail: the thrown error
					prepare(c);
					const error = await p.runError(c.parameters, await c.items(), { credentials: c.credentials });
					assertCategory(error.context.category, c);
					assert.equal(error.context.retryable, c.retryable ?? false);
					if (c.httpCode) {
						assert.ok(error instanceof NodeApiError);
						assert.equal(error.httpCode, c.httpCode);
					}
					for (const re of c.message) assert.match(error.message, re);
					for (const re of c.description ?? []) assert.match(String(error.description), re);
					assert.doesNotMatch(error.message, NODE_ERROR_CODES);
					assertRequests(c);
					assertNoSecret(error, storedError(error), logsOf(error));
				});
			}
		});
	}

	it('has at least 12 cases, across every area', () => {
		assert.ok(cases.length >= 12);
		assert.equal(new Set(cases.map((c) => c.area)).size, 6);
	});
});

describe('Duplicate Platform jobs: the policy around it', () => {
	beforeEach(() => emu.state.reset());

	it('the lost upload created exactly one job at the Platform (the one the message warns about)', async () => {
		emu.state.configure({ faults: { script: ['dropAfterCreate'] } });
		const before = platformJobs(emu.state).size;
		await p.run({ operation: 'submit', waitForCompletion: false, options: { retryInitialDelayMs: 10 } }, [await mp3()], { continueOnFail: true });
		assert.equal(platformJobs(emu.state).size - before, 1);
		assert.equal(submits().length, 1);
	});

	it('a refusal (503, 429) is retried: the Platform did not take the upload, so one job results', async () => {
		emu.state.configure({ faults: { script: ['status503', 'concurrent429'] } });
		const before = platformJobs(emu.state).size;
		const { output } = await p.run({ operation: 'submit', waitForCompletion: false, options: { retryInitialDelayMs: 10 } }, [await mp3()]);
		assert.equal(output[0][0].json.status, 'processing');
		assert.deepEqual(submits().map((r) => r.status), [503, 429, 200]);
		assert.equal(platformJobs(emu.state).size - before, 1);
	});

	it('"Retry Submit After Lost Answer" on: the upload is sent again and succeeds, at the cost of a second job', async () => {
		emu.state.configure({ faults: { script: ['dropAfterCreate'] } });
		const before = platformJobs(emu.state).size;
		const { output } = await p.run(
			{ operation: 'submit', waitForCompletion: false, options: { retryInitialDelayMs: 10, retryLostAnswers: true } },
			[await mp3()],
		);
		assert.equal(typeof output[0][0].json.job_id, 'string');
		assert.deepEqual(submits().map((r) => r.status), [0, 200]);
		assert.equal(platformJobs(emu.state).size - before, 2);
	});
});
