/**
 * Proves the n8n harness (test/helpers/n8n.ts) runs a node through n8n-core's real helpers:
 * a dummy node and a dummy credential against a throwaway node:http server.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

import {
	NodeApiError,
	NodeOperationError,
	type IAuthenticateGeneric,
	type ICredentialTestRequest,
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	binaryItem,
	binaryStoragePath,
	findSecret,
	logsOf,
	readBinary,
	runNode,
	storedError,
	testCredential,
} from '../helpers/n8n';

// ------------------------------------------------------------------------------------------------
// Throwaway server
// ------------------------------------------------------------------------------------------------

interface Seen {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: Buffer;
}
const seen: Seen[] = [];
let hangArrived: (() => void) | undefined;
let hangClosed: Promise<void> | undefined;
let server: Server;
let baseUrl: string;

const sha = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
	const chunks: Buffer[] = [];
	for await (const c of req) chunks.push(c as Buffer);
	const body = Buffer.concat(chunks);
	seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
	const json = (status: number, data: unknown) => {
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(data));
	};
	const url = new URL(req.url!, 'http://x');
	if (url.pathname === '/echo') return json(200, { headers: req.headers, method: req.method });
	if (url.pathname === '/upload') {
		const form = await new Response(body, { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
		const fields: Record<string, string> = {};
		const files: IDataObject[] = [];
		const entries: Array<[string, string | File]> = [];
		form.forEach((value, name) => entries.push([name, value]));
		for (const [name, value] of entries) {
			if (typeof value === 'string') fields[name] = value;
			else {
				const bytes = Buffer.from(await value.arrayBuffer());
				files.push({ name, fileName: value.name, type: value.type, size: bytes.length, sha256: sha(bytes) });
			}
		}
		return json(200, { contentType: req.headers['content-type'], fields, files });
	}
	const status = url.pathname.match(/^\/status\/(\d+)$/);
	if (status) return json(Number(status[1]), { detail: `status ${status[1]} from test server` });
	if (url.pathname === '/check') {
		const key = req.headers['x-api-key'];
		if (key === 'good-key') return json(200, { account: { status: 'active' } });
		if (key === 'disabled-key') return json(200, { account: { status: 'disabled' } });
		if (key === 'boom-key') return json(500, { detail: 'internal' });
		return json(401, { detail: 'Invalid API key' });
	}
	if (url.pathname === '/hang') {
		hangClosed = new Promise((resolve) => res.on('close', () => resolve()));
		hangArrived?.();
		return; // never answers
	}
	json(404, { detail: 'not found' });
}

beforeAll(async () => {
	server = createServer((req, res) => {
		handle(req, res).catch((e) => {
			res.writeHead(500);
			res.end(String(e));
		});
	});
	// As in the emulator: idle keep-alive sockets are closed by the client only, never raced from here.
	server.keepAliveTimeout = 0;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

// ------------------------------------------------------------------------------------------------
// Dummy credential and node
// ------------------------------------------------------------------------------------------------

class DummyApi implements ICredentialType {
	name = 'dummyApi';
	displayName = 'Dummy API';
	properties: INodeProperties[] = [
		{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'http://127.0.0.1:9' },
		{ displayName: 'Tenant', name: 'tenant', type: 'string', default: 'acme' },
	];
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'X-API-Key': '={{$credentials.apiKey}}', 'X-Tenant': '=t-{{$credentials.tenant}}' },
			qs: { source: 'harness' },
		},
	};
	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/check' },
		// n8n's type allows one rule kind per array; the tester handles a mix at run time.
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: 'The API key was rejected' } },
			{ type: 'responseSuccessBody', properties: { key: 'account.status', value: 'disabled', message: 'Account disabled' } },
		] as unknown as ICredentialTestRequest['rules'],
	};
}

let lastSignal: AbortSignal | undefined;

class DummyNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dummy',
		name: 'dummy',
		group: ['transform'],
		version: 1,
		description: 'Harness test node',
		defaults: { name: 'Dummy' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'dummyApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: ['echoAuth', 'upload', 'stream', 'fail', 'signal', 'params', 'leak'].map((v) => ({ name: v, value: v })),
				default: 'echoAuth',
			},
			{ displayName: 'Greeting', name: 'greeting', type: 'string', default: 'hello' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{ displayName: 'Binary Property', name: 'binaryPropertyName', type: 'string', default: 'data' },
			{
				displayName: 'Error Item Style',
				name: 'errorItemStyle',
				type: 'options',
				options: [
					{ name: 'Rich JSON, No item.error', value: 'rich' },
					{ name: 'item.error Set', value: 'n8n' },
				],
				default: 'rich',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as string;
		const creds = await this.getCredentials('dummyApi');
		const base = creds.baseUrl as string;
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				if (operation === 'echoAuth') {
					const json = await this.helpers.httpRequestWithAuthentication.call(this, 'dummyApi', {
						method: 'GET',
						url: `${base}/echo`,
						json: true,
					});
					out.push({ json, pairedItem: { item: i } });
				} else if (operation === 'upload') {
					const prop = this.getNodeParameter('binaryPropertyName', i) as string;
					const meta = this.helpers.assertBinaryData(i, prop);
					const buffer = await this.helpers.getBinaryDataBuffer(i, prop);
					const form = new FormData();
					form.append('config', JSON.stringify({ diarization: true }));
					form.append('upload_file', new Blob([new Uint8Array(buffer)], { type: meta.mimeType }), meta.fileName);
					const json = await this.helpers.httpRequestWithAuthentication.call(this, 'dummyApi', {
						method: 'POST',
						url: `${base}/upload`,
						body: form,
						json: true,
					});
					out.push({ json, pairedItem: { item: i } });
				} else if (operation === 'stream') {
					const prop = this.getNodeParameter('binaryPropertyName', i) as string;
					const meta = this.helpers.assertBinaryData(i, prop);
					let bytes: Buffer;
					let metadata: IDataObject | undefined;
					if (meta.id) {
						const stream = await this.helpers.getBinaryStream(meta.id, 1024);
						const chunks: Buffer[] = [];
						for await (const c of stream) chunks.push(c as Buffer);
						bytes = Buffer.concat(chunks);
						metadata = (await this.helpers.getBinaryMetadata(meta.id)) as unknown as IDataObject;
					} else {
						bytes = await this.helpers.getBinaryDataBuffer(i, prop);
					}
					const reversed = Buffer.from(bytes).reverse();
					const outBinary = await this.helpers.prepareBinaryData(reversed, 'reversed.bin', 'application/octet-stream');
					out.push({
						json: { hasId: !!meta.id, dataField: meta.data.slice(0, 20), size: bytes.length, sha256: sha(bytes), metadata },
						binary: { out: outBinary },
						pairedItem: { item: i },
					});
				} else if (operation === 'fail') {
					if (items[i].json.ok === true) {
						out.push({ json: { ok: true }, pairedItem: { item: i } });
						continue;
					}
					await this.helpers.httpRequestWithAuthentication.call(this, 'dummyApi', {
						method: 'GET',
						url: `${base}/status/${items[i].json.status ?? 401}`,
						json: true,
					});
				} else if (operation === 'signal') {
					lastSignal = this.getExecutionCancelSignal();
					if (items[i].json.hang) {
						await this.helpers.httpRequestWithAuthentication.call(this, 'dummyApi', { method: 'GET', url: `${base}/hang` });
					}
					out.push({ json: { hasSignal: !!lastSignal, aborted: lastSignal?.aborted ?? null }, pairedItem: { item: i } });
				} else if (operation === 'params') {
					const greeting = this.getNodeParameter('greeting', i) as string;
					const name = this.getNodeParameter('name', i) as string;
					this.logger.info('params read', { itemIndex: i });
					out.push({ json: { text: `${greeting} ${name}`, tenant: creds.tenant as string }, pairedItem: { item: i } });
				} else if (operation === 'leak') {
					this.logger.warn('careless log', { key: creds.apiKey });
					out.push({ json: {}, pairedItem: { item: i } });
				} else {
					throw new NodeOperationError(this.getNode(), `Unknown operation ${operation}`, { itemIndex: i });
				}
			} catch (error) {
				const err =
					error instanceof NodeApiError || error instanceof NodeOperationError
						? error
						: new NodeApiError(this.getNode(), error as never, { itemIndex: i });
				if (this.continueOnFail()) {
					const json = { error: err.message, httpCode: (err as NodeApiError).httpCode ?? null };
					if (this.getNodeParameter('errorItemStyle', i) === 'n8n') {
						out.push({ json, error: err, pairedItem: { item: i } });
					} else {
						out.push({ json, pairedItem: { item: i } });
					}
					continue;
				}
				throw err;
			}
		}
		return [out];
	}
}

const node = new DummyNode();
const credentialTypes = [new DummyApi()];
const creds = () => ({ dummyApi: { apiKey: 'sekret-KEY-123', baseUrl } });

// ------------------------------------------------------------------------------------------------
// Tests
// ------------------------------------------------------------------------------------------------

describe('harness: runNode', () => {
	it('applies the credential authenticate (headers + qs with expressions, defaults filled) via httpRequestWithAuthentication', async () => {
		const { output } = await runNode(node, {
			parameters: { operation: 'echoAuth' },
			credentials: creds(),
			credentialTypes,
			items: [{ json: {} }],
		});
		const headers = output[0][0].json.headers as IDataObject;
		assert.equal(headers['x-api-key'], 'sekret-KEY-123');
		assert.equal(headers['x-tenant'], 't-acme'); // tenant came from the credential type's default
		assert.equal(seen.at(-1)!.url, '/echo?source=harness');
		assert.deepEqual(output[0][0].pairedItem, { item: 0 });
	});

	it('fills parameter defaults from the description and resolves expressions per item; logs are captured', async () => {
		const { output, logs, node: engineNode } = await runNode(node, {
			parameters: { operation: 'params', name: '={{ $json.who }}' },
			credentials: creds(),
			credentialTypes,
			items: [{ json: { who: 'Ada' } }, { json: { who: 'Alan' } }],
		});
		assert.deepEqual(
			output[0].map((o) => o.json.text),
			['hello Ada', 'hello Alan'],
		);
		assert.equal(engineNode.parameters.greeting, 'hello');
		assert.equal(engineNode.parameters.binaryPropertyName, 'data');
		assert.ok(logs.some((l) => l.startsWith('info: params read') && l.includes('"itemIndex":1')), logs.join('\n'));
	});

	it('sends a global FormData body with a Blob as multipart/form-data', async () => {
		const audio = Buffer.from('RIFF....WAVEfmt fake audio bytes'.repeat(100));
		const item = await binaryItem(audio, 'clip.wav', 'audio/wav', { mode: 'default' });
		const { output } = await runNode(node, {
			parameters: { operation: 'upload' },
			credentials: creds(),
			credentialTypes,
			items: [item],
		});
		const json = output[0][0].json as IDataObject;
		assert.match(json.contentType as string, /^multipart\/form-data; boundary=/);
		assert.deepEqual(json.fields, { config: '{"diarization":true}' });
		assert.deepEqual(json.files, [
			{ name: 'upload_file', fileName: 'clip.wav', type: 'audio/wav', size: audio.length, sha256: sha(audio) },
		]);
		assert.equal(seen.at(-1)!.headers['x-api-key'], 'sekret-KEY-123');
	});

	it('filesystem mode: the binary has an id, lives on disk, streams via getBinaryStream; node output binaries too', async () => {
		const data = Buffer.alloc(10_000, 7);
		data.write('head');
		const item = await binaryItem(data, 'big.mp3', 'audio/mpeg', { mode: 'filesystem', json: { n: 1 } });
		const bin = item.binary!.data;
		assert.match(bin.id ?? '', /^filesystem-v2:workflows\//);
		assert.equal(bin.data, 'filesystem-v2');
		assert.equal(bin.fileName, 'big.mp3');
		assert.equal(bin.mimeType, 'audio/mpeg');
		const storage = await binaryStoragePath();
		assert.ok(existsSync(`${storage}/${bin.id!.split(':')[1]}`));
		assert.deepEqual(await readBinary(bin), data);

		const { output } = await runNode(node, {
			parameters: { operation: 'stream' },
			credentials: creds(),
			credentialTypes,
			items: [item],
			binaryMode: 'filesystem',
		});
		const json = output[0][0].json as IDataObject;
		assert.equal(json.hasId, true);
		assert.equal(json.size, data.length);
		assert.equal(json.sha256, sha(data));
		assert.deepEqual(json.metadata, { fileName: 'big.mp3', mimeType: 'audio/mpeg', fileSize: data.length });
		const out = output[0][0].binary!.out;
		assert.ok(out.id, 'node-created binary is stored on disk in filesystem mode');
		assert.deepEqual(await readBinary(out), Buffer.from(data).reverse());
	});

	it('default mode: base64 in memory, no id; node output binaries also in memory', async () => {
		const data = Buffer.from('small in-memory audio');
		const item = await binaryItem(data, 'a.wav', 'audio/wav', { mode: 'default', property: 'audio' });
		const bin = item.binary!.audio;
		assert.equal(bin.id, undefined);
		assert.equal(bin.data, data.toString('base64'));
		const { output } = await runNode(node, {
			parameters: { operation: 'stream', binaryPropertyName: 'audio' },
			credentials: creds(),
			credentialTypes,
			items: [item],
			binaryMode: 'default',
		});
		assert.equal(output[0][0].json.hasId, false);
		assert.equal(output[0][0].json.sha256, sha(data));
		const out = output[0][0].binary!.out;
		assert.equal(out.id, undefined);
		assert.deepEqual(await readBinary(out), Buffer.from(data).reverse());
	});

	it('binary writes in different modes may run concurrently without mixing up ids', async () => {
		const results = await Promise.all(
			Array.from({ length: 6 }, (_, i) =>
				binaryItem(Buffer.from(`item ${i}`), `f${i}.wav`, 'audio/wav', { mode: i % 2 ? 'default' : 'filesystem' }),
			),
		);
		results.forEach((r, i) => {
			const b = r.binary!.data;
			if (i % 2) assert.equal(b.id, undefined);
			else assert.match(b.id!, /^filesystem-v2:/);
		});
		const bytes = await Promise.all(results.map((r) => readBinary(r.binary!.data)));
		assert.deepEqual(bytes.map(String), results.map((_, i) => `item ${i}`));
	});

	it('throws the node error instance (instanceof NodeApiError from the same n8n-workflow); logs it like the engine', async () => {
		await assert.rejects(
			runNode(node, {
				parameters: { operation: 'fail' },
				credentials: creds(),
				credentialTypes,
				items: [{ json: { status: 403 } }],
			}),
			(error: unknown) => {
				assert.ok(error instanceof NodeApiError, `got ${(error as Error)?.constructor?.name}`);
				assert.equal(error.httpCode, '403');
				// The engine reports a NodeApiError (an ApplicationError without cause) only at debug level.
				assert.ok(logsOf(error).some((l) => l.startsWith('debug: Running node "Dummy" finished with error')), logsOf(error).join('\n'));
				// The stored form of the error (what n8n saves/shows) carries no key.
				assert.deepEqual(findSecret('sekret-KEY-123', storedError(error), logsOf(error)), []);
				// Even the live instance: n8n-workflow 1.120 drops the axios error (and its request headers) as cause.
				assert.deepEqual(findSecret('sekret-KEY-123', error), []);
				return true;
			},
		);
		// Exactly one n8n-workflow copy: n8n-core resolves the same module as our code.
		const fromCore = createRequire(require.resolve('n8n-core')).resolve('n8n-workflow');
		assert.equal(fromCore, require.resolve('n8n-workflow'));
	});

	it('continueOnFail (continueRegularOutput): error items in the main output, in order, with pairedItem', async () => {
		const { output } = await runNode(node, {
			parameters: { operation: 'fail' },
			credentials: creds(),
			credentialTypes,
			items: [{ json: { status: 429 } }, { json: { ok: true } }, { json: { status: 500 } }],
			continueOnFail: true,
		});
		assert.equal(output.length, 1);
		assert.deepEqual(
			output[0].map((o) => [o.json.httpCode ?? null, o.json.ok ?? null, o.pairedItem]),
			[
				['429', null, { item: 0 }],
				[null, true, { item: 1 }],
				['500', null, { item: 2 }],
			],
		);
		assert.equal(typeof output[0][0].json.error, 'string');
	});

	it('continueErrorOutput: items with item.error go to the error output, json cut to { error } (engine behaviour)', async () => {
		const { output, rawOutput } = await runNode(node, {
			parameters: { operation: 'fail', errorItemStyle: 'n8n' },
			credentials: creds(),
			credentialTypes,
			items: [{ json: { status: 401 } }, { json: { ok: true } }],
			onError: 'continueErrorOutput',
		});
		assert.equal(output.length, 2);
		assert.deepEqual(output[0].map((o) => o.json), [{ ok: true }]);
		assert.equal(output[1].length, 1);
		assert.deepEqual(output[1][0].json, { error: 'Authorization failed - please check your credentials' });
		assert.ok(output[1][0].error instanceof NodeApiError);
		assert.deepEqual(output[1][0].pairedItem, { item: 0 });
		// What the node itself returned is still visible.
		assert.deepEqual(rawOutput[0][0].json, { error: 'Authorization failed - please check your credentials', httpCode: '401' });
	});

	it('continueErrorOutput: rich error json without item.error is NOT routed to the error output (engine behaviour)', async () => {
		const { output } = await runNode(node, {
			parameters: { operation: 'fail', errorItemStyle: 'rich' },
			credentials: creds(),
			credentialTypes,
			items: [{ json: { status: 401 } }, { json: { ok: true } }],
			onError: 'continueErrorOutput',
		});
		assert.equal(output[0].length, 2);
		assert.equal(output[0][0].json.httpCode, '401');
		assert.deepEqual(output[1], []);
	});

	it('continueRegularOutput with item.error set: the engine cuts json to { error }', async () => {
		const { output } = await runNode(node, {
			parameters: { operation: 'fail', errorItemStyle: 'n8n' },
			credentials: creds(),
			credentialTypes,
			items: [{ json: { status: 500 } }],
			continueOnFail: true,
		});
		assert.deepEqual(output[0][0].json, { error: 'The service was not able to process your request' });
	});

	it('does not fill in a missing pairedItem (unlike the engine), so tests catch it', async () => {
		const noPairing: INodeType = {
			description: { ...node.description, name: 'noPairing', credentials: [] },
			async execute(this: IExecuteFunctions) {
				return [this.getInputData().map((item) => ({ json: item.json }))];
			},
		};
		const { output } = await runNode(noPairing, { parameters: {}, credentialTypes: [], items: [{ json: { a: 1 } }, { json: { a: 2 } }] });
		assert.deepEqual(output[0].map((o) => o.pairedItem), [undefined, undefined]);
	});

	it('exposes the abort signal and n8n-core aborts in-flight helper requests with it', async () => {
		const controller = new AbortController();
		const quick = await runNode(node, {
			parameters: { operation: 'signal' },
			credentials: creds(),
			credentialTypes,
			items: [{ json: {} }],
			abortSignal: controller.signal,
		});
		assert.equal(lastSignal, controller.signal);
		assert.deepEqual(quick.output[0][0].json, { hasSignal: true, aborted: false });

		const arrived = new Promise<void>((resolve) => (hangArrived = resolve));
		const run = runNode(node, {
			parameters: { operation: 'signal' },
			credentials: creds(),
			credentialTypes,
			items: [{ json: { hang: true } }],
			abortSignal: controller.signal,
		});
		await arrived;
		controller.abort();
		await assert.rejects(run, (e: unknown) => {
			assert.ok(e instanceof NodeApiError);
			assert.match(`${e.message} ${(e.cause as Error)?.name ?? ''} ${(e.cause as { code?: string })?.code ?? ''}`, /cancel|abort/i);
			return true;
		});
		await hangClosed; // the server saw the connection close
	});

	it('findSecret spots an API key that reached the logs or output', async () => {
		const { logs, output } = await runNode(node, {
			parameters: { operation: 'leak' },
			credentials: creds(),
			credentialTypes,
			items: [{ json: {} }],
		});
		assert.deepEqual(findSecret('sekret-KEY-123', output), []);
		assert.ok(findSecret('sekret-KEY-123', logs).length > 0, logs.join('\n'));
		assert.deepEqual(findSecret('x y', { url: 'wss://h/?api_key=x%20y' }), ['$[0].url']);
	});

	it('reports missing required parameters like the engine (WorkflowHasIssuesError)', async () => {
		const strict = new DummyNode();
		strict.description = {
			...strict.description,
			properties: [...strict.description.properties, { displayName: 'Must', name: 'must', type: 'string', required: true, default: '' }],
		};
		await assert.rejects(
			runNode(strict, { parameters: { operation: 'params' }, credentials: creds(), credentialTypes, items: [{ json: {} }] }),
			/The workflow has issues/,
		);
	});
});

describe('harness: testCredential', () => {
	const cred = new DummyApi();

	it('OK when the test request succeeds (baseURL from $credentials, authenticate applied)', async () => {
		const r = await testCredential(cred, { apiKey: 'good-key', baseUrl });
		assert.equal(r.status, 'OK');
		assert.equal(r.message, 'Connection successful!');
		const req = seen.at(-1)!;
		assert.equal(req.url, '/check?source=harness');
		assert.equal(req.headers['x-tenant'], 't-acme');
	});

	it('Error on 401: the NodeApiError message, because n8n-workflow 1.120 loses error.cause so responseCode rules never fire', async () => {
		const r = await testCredential(cred, { apiKey: 'wrong-key-XYZ', baseUrl });
		assert.deepEqual([r.status, r.message], ['Error', 'Authorization failed - please check your credentials']);
		assert.equal(seen.at(-1)!.headers['x-api-key'], 'wrong-key-XYZ');
		assert.ok(r.logs.some((l) => l.startsWith('error: Authorization failed')), r.logs.join('\n'));
	});

	it('Error with the responseSuccessBody rule message', async () => {
		const r = await testCredential(cred, { apiKey: 'disabled-key', baseUrl });
		assert.deepEqual([r.status, r.message], ['Error', 'Account disabled']);
	});

	it('Error on 500: the NodeApiError message', async () => {
		const r = await testCredential(cred, { apiKey: 'boom-key', baseUrl });
		assert.deepEqual([r.status, r.message], ['Error', 'The service was not able to process your request']);
	});

	it('Error when nothing answers', async () => {
		const r = await testCredential(cred, { apiKey: 'good-key', baseUrl: 'http://127.0.0.1:9' });
		assert.deepEqual([r.status, r.message], ['Error', 'The service refused the connection - perhaps it is offline']);
	});

	it('Error when the credential type has no test', async () => {
		const bare = new DummyApi();
		delete (bare as Partial<DummyApi>).test;
		const r = await testCredential(bare, { apiKey: 'good-key', baseUrl });
		assert.deepEqual([r.status, r.message], ['Error', 'No testing function found for this credential.']);
	});
});
