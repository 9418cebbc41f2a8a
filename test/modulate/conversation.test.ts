/**
 * Conversation Analysis (Analyze Conversation, List Presets, the preset picker) through n8n-core's real
 * helpers against the emulator: the config sent, what comes out, and the input checks the operations add.
 */
import assert from 'node:assert/strict';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';
import { getBehaviorPresets } from '../../nodes/Modulate/actions/conversation/presets';
import { PRESETS } from '../emulator/batch';
import { DEFAULT_MODELS_KEY } from '../emulator/state';
import { binaryItem, findSecret } from '../helpers/n8n';
import { mp3_2, params, useModulate, wavItem } from './support';

const { emulator, node, run, runError, modelRequests } = useModulate();

describe('Conversation Analysis: Analyze Conversation', () => {
	it('sends config "default" when nothing is set, and lists the detected behaviors', async () => {
		const { output } = await run(params('conversation', 'analyzeConversation'), [await wavItem()]);
		const [request] = modelRequests();
		assert.equal(request.path, '/api/velma-2-batch');
		assert.deepEqual(request.fields, { config: 'default' });
		const json = output[0][0].json;
		for (const key of ['duration_ms', 'clips', 'behaviors', 'topics', 'topic_sentiments', 'summary']) assert.ok(key in json, `has ${key}`);
		assert.deepEqual(json.detectedBehaviors, []);
	});

	it('sends the picked presets as preset references; detected ones are named in detectedBehaviors', async () => {
		const { output } = await run(
			params('conversation', 'analyzeConversation', {}, { behaviorPresets: ['complaints', 'preset:payment_dispute', 'complaints'] }),
			[await wavItem()],
		);
		const config = JSON.parse(String(modelRequests().find((r) => r.method === 'POST')!.fields.config));
		assert.deepEqual(config, { behaviors: ['preset:complaints', 'preset:payment_dispute'] });
		const json = output[0][0].json;
		const behaviors = json.behaviors as IDataObject[];
		const detected = [...new Set(behaviors.filter((b) => b.detected).map((b) => b.behavior_name))];
		assert.deepEqual(json.detectedBehaviors, detected);
		assert.ok(detected.includes('Complaint'), 'the billing call has a complaint');
	});

	it('merges the options and the presets into the JSON config; the options win', async () => {
		const base = {
			conversation_types: [
				{ conversation_type_uuid: '0b7f6a8e-1f43-4b39-9d4a-6a1f2a3b4c5d', name: 'Billing', short_description: 'Billing call', detailed_description: 'A call about a bill' },
			],
			behaviors: ['preset:escalation_request'],
			stt: { language: 'fr', emotion_signal: true },
			produce_summary: true,
		};
		const { output } = await run(
			params(
				'conversation',
				'analyzeConversation',
				{
					configJson: JSON.stringify(base),
					speakerDiarization: false,
					accentSignal: true,
					deepfakeSignal: true,
					piiPhiTagging: true,
					language: 'en',
					customTerms: { terms: [{ term: 'Acme Bank' }] },
					produceSummary: false,
					produceTopics: false,
					produceTopicSentiments: false,
				},
				{ behaviorPresets: ['complaints', 'escalation_request'] },
			),
			[await wavItem()],
		);
		const config = JSON.parse(String(modelRequests().find((r) => r.method === 'POST')!.fields.config));
		assert.deepEqual(config, {
			conversation_types: base.conversation_types,
			behaviors: ['preset:escalation_request', 'preset:complaints'],
			stt: {
				language: 'en',
				emotion_signal: true,
				speaker_diarization: false,
				accent_signal: true,
				deepfake_signal: true,
				pii_phi_tagging: true,
				custom_terms: ['Acme Bank'],
			},
			produce_summary: false,
			produce_topics: false,
			produce_topic_sentiments: false,
		});
		const json = output[0][0].json;
		assert.equal((json.conversation_type_pick as IDataObject | null)?.name, 'Billing');
		assert.equal(json.summary, null);
		assert.deepEqual(json.topics, []);
		assert.equal(typeof (json.clips as IDataObject[])[0].accent, 'string');
	});

	for (const [configJson, why] of [
		['{"behaviors": ', /is not valid JSON/],
		['["preset:complaints"]', /must be a JSON object/],
		['{"behaviors": "preset:complaints"}', /"behaviors" that is not a list/],
		['{"stt": true}', /"stt" that is not an object/],
	] as const) {
		it(`refuses Config (JSON) ${configJson} before sending anything`, async () => {
			const error = await runError(params('conversation', 'analyzeConversation', { configJson }), [await wavItem()]);
			assert.ok(error instanceof NodeOperationError);
			assert.match(error.message, /Options → Config \(JSON\)/);
			assert.match(error.message, why);
			assert.equal(modelRequests().length, 0);
		});
	}

	it("checks the transcription options as Transcribe does (language, custom terms)", async () => {
		const bad = await runError(params('conversation', 'analyzeConversation', { language: 'e n' }), [await wavItem()]);
		assert.match(bad.message, /Options → Language "e n" is not a language code/);
		const long = await runError(
			params('conversation', 'analyzeConversation', { customTerms: { terms: [{ term: 'X', definition: 'd'.repeat(257) }] } }),
			[await wavItem()],
		);
		assert.match(long.message, /Custom Terms, entry 1 \("X"\): the definition is 257 characters/);
		assert.equal(modelRequests().length, 0);
	});

	// Issue 10: an unknown preset is now caught against the live catalog before the audio is sent.
	it('a preset missing from the live catalog fails before sending, naming it and the valid ones', async () => {
		const error = await runError(params('conversation', 'analyzeConversation', {}, { behaviorPresets: ['no_such_preset'] }), [await wavItem()]);
		assert.ok(error instanceof NodeOperationError);
		assert.match(error.message, /unknown behavior preset "no_such_preset"/);
		assert.match(String(error.description), /complaints/);
		assert.match(String(error.description), /List Presets/);
		assert.deepEqual(modelRequests().map((r) => r.method), ['GET'], 'only the catalog was read');
	});

	it("when the catalog cannot be read, an unknown preset comes back as the API's invalid-config error, naming the presets sent", async () => {
		emulator.state.configure({ faults: { script: ['status500'], scriptPath: 'list-presets' } });
		const error = await runError(
			params('conversation', 'analyzeConversation', { maxRetries: 0 }, { behaviorPresets: ['no_such_preset'] }),
			[await wavItem()],
		);
		assert.ok(error instanceof NodeApiError);
		assert.equal(String(error.httpCode), '422');
		assert.match(error.message, /preset:no_such_preset/);
		assert.equal(modelRequests().filter((r) => r.method === 'POST').length, 1, 'not retried');
	});
});

describe('Conversation Analysis: List Presets', () => {
	it('one GET per input item; one output item per preset, paired to its input item', async () => {
		const items = [await wavItem(), await binaryItem(mp3_2, 'call-02-clinic.mp3', 'audio/mpeg')];
		const { output } = await run(params('conversation', 'listPresets'), items);
		const requests = modelRequests();
		assert.equal(requests.length, 2);
		for (const r of requests) {
			assert.equal(r.method, 'GET');
			assert.equal(r.path, '/api/velma-2-batch/list-presets');
			assert.equal(r.headers['x-api-key'], DEFAULT_MODELS_KEY);
			assert.deepEqual(r.files, []);
		}
		const expected = PRESETS.map(({ identifier, name, short_description, detailed_description }) => ({
			identifier,
			name,
			short_description,
			detailed_description,
		}));
		assert.equal(output[0].length, expected.length * 2);
		assert.deepEqual(output[0].slice(0, expected.length).map((i) => i.json), expected);
		assert.deepEqual(output[0].slice(expected.length).map((i) => i.json), expected);
		assert.ok(output[0].slice(0, expected.length).every((i) => JSON.stringify(i.pairedItem) === '{"item":0}'));
		assert.ok(output[0].slice(expected.length).every((i) => JSON.stringify(i.pairedItem) === '{"item":1}'));
	});

	it('continue-on-fail: a model not enabled for the key becomes one error item per input item', async () => {
		emulator.state.configure({ modelsKeys: { [DEFAULT_MODELS_KEY]: { disabledModels: ['velma-2-batch'] } } });
		const { output } = await run(params('conversation', 'listPresets'), [{ json: {} }, { json: {} }], { continueOnFail: true });
		assert.equal(output[0].length, 2);
		for (const [i, item] of output[0].entries()) {
			assert.equal(item.json.category, 'permissionDenied');
			assert.equal(String(item.json.httpCode), '403');
			assert.deepEqual(item.pairedItem, { item: i });
		}
	});

	it('without continue-on-fail the error names the item', async () => {
		emulator.state.configure({ modelsKeys: { [DEFAULT_MODELS_KEY]: { quotaExhausted: true } } });
		const error = await runError(params('conversation', 'listPresets'), [{ json: {} }]);
		assert.ok(error instanceof NodeApiError);
		assert.equal(String(error.httpCode), '429');
		assert.deepEqual(findSecret(DEFAULT_MODELS_KEY, error.message, error.description), []);
	});
});

describe('Conversation Analysis: the preset picker (loadOptions)', () => {
	/** The load-options context the method uses: credentials and the authenticated request helper (X-API-Key). */
	function loadOptionsContext(apiKey = DEFAULT_MODELS_KEY): ILoadOptionsFunctions {
		const ctx = {
			getNode: () => ({ id: 'n', name: 'Modulate', type: 'modulate', typeVersion: 1, position: [0, 0], parameters: {} }),
			getCredentials: async () => ({ apiKey, baseUrl: `${emulator.url}/` }),
			helpers: {
				async httpRequestWithAuthentication(_type: string, options: IHttpRequestOptions) {
					const response = await fetch(String(options.url), { method: options.method, headers: { 'X-API-Key': apiKey } });
					const text = await response.text();
					return { statusCode: response.status, headers: Object.fromEntries(response.headers), body: JSON.parse(text) };
				},
			},
		};
		return ctx as unknown as ILoadOptionsFunctions;
	}

	it("offers the catalog sorted by name, the identifier as value", async () => {
		const options = await getBehaviorPresets.call(loadOptionsContext());
		const expected = PRESETS.map((p) => ({ name: p.name, value: p.identifier, description: p.short_description })).sort((a, b) =>
			a.name.localeCompare(b.name),
		);
		assert.deepEqual(options, expected);
		assert.equal(modelRequests()[0].path, '/api/velma-2-batch/list-presets');
	});

	it('a wrong key is reported as such, without the key', async () => {
		const error = await getBehaviorPresets.call(loadOptionsContext('mk_wrong_key_0000')).then(
			() => assert.fail('no error'),
			(e: NodeApiError) => e,
		);
		assert.ok(error instanceof NodeApiError);
		assert.match(error.message, /API key rejected/i);
		assert.deepEqual(findSecret('mk_wrong_key_0000', error.message, error.description), []);
	});

	it('the method is registered on the node', () => {
		assert.equal(node.methods?.loadOptions?.getBehaviorPresets, getBehaviorPresets);
	});
});
