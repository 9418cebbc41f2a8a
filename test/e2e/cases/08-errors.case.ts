/**
 * A sample of the bad-input catalogue (test/errors/) in real n8n: each node gets one bad input or one broken
 * answer, with continue-on-fail on, and its error item must carry the category, the message's key words
 * and no key in any encoding; local faults must send nothing.
 */
import assert from 'node:assert/strict';
import { DEFAULT_MODELS_KEY } from '../../emulator';
import { encodedForms } from '../../../nodes/shared/transport/secrets';
import { assertSucceeded, out, type E2ECase } from '../lib/cases';
import { CRED, download, manualTrigger, modulate, workflow } from '../lib/workflow';
import type { ExecuteResult } from '../lib/n8n';

const onError = 'continueRegularOutput' as const;
const noRetry = { options: { maxRetries: 0, retryInitialDelayMs: 1 } };

function errorItem(run: ExecuteResult, node: string, category: string, words: RegExp[]): Record<string, unknown> {
	const items = out(run, node);
	assert.equal(items.length, 1, `${node}: one item`);
	const json = items[0].json as Record<string, unknown>;
	assert.equal(json.category, category, `${node}: category of ${JSON.stringify(json)}`);
	for (const word of words) assert.match(String(json.error), word, `${node}: message ${String(json.error)}`);
	return json;
}

function assertNoEncodedKey(run: ExecuteResult): void {
	const text = run.stdout + run.stderr;
	for (const form of encodedForms(DEFAULT_MODELS_KEY)) assert.ok(!text.includes(form), `the key appears encoded as ${form}`);
}

const catalogue: E2ECase = {
	id: 'e2eErrorCatalogue01',
	title: 'bad-input catalogue sample: credentials, parameters, files, expressions, a broken answer',
	covers: ['modulate.transcribeEnglishFast', 'modulate.analyzeConversation', 'modulate.redactPiiPhi', 'modulate.detectSyntheticVoice'],
	before(ctx) {
		ctx.emu.state.configure({ faults: { script: ['empty200'], scriptPath: 'synthetic-voice-detection-batch' } });
	},
	workflow: ({ sink }) =>
		workflow(catalogue.id, 'E2E: error catalogue', [
			manualTrigger('Start'),
			download('Download call 01', `${sink.url}/recordings/call-01-billing.wav`),
			modulate('Empty key', 'transcription', 'transcribeEnglishFast', noRetry, { cred: CRED.emptyKey, onError }),
			modulate('Base URL without scheme', 'transcription', 'transcribeEnglishFast', noRetry, { cred: CRED.noScheme, onError }),
			modulate('Closed port', 'transcription', 'transcribeEnglishFast', noRetry, { cred: CRED.closedPort, onError }),
			modulate('Unknown preset', 'conversation', 'analyzeConversation', { behaviorPresets: ['no_such_preset'], ...noRetry }, { onError }),
			modulate('Bad config JSON', 'conversation', 'analyzeConversation', { options: { configJson: '{"behaviors": [' } }, { onError }),
			modulate('Keep original, same field', 'redaction', 'redactPiiPhi', { options: { keepOriginalAudio: true } }, { onError }),
			modulate('Missing binary field', 'transcription', 'transcribeEnglishFast', { binaryPropertyName: 'audio', ...noRetry }, { onError }),
			modulate('Binary field is an object', 'transcription', 'transcribeEnglishFast', { binaryPropertyName: '={{ { name: "data" } }}', ...noRetry }, { onError }),
			modulate('Empty answer', 'deepfake', 'detectSyntheticVoice', noRetry, { onError }),
		], [
			['Start', 'Download call 01'],
			...[
				'Empty key',
				'Base URL without scheme',
				'Closed port',
				'Unknown preset',
				'Bad config JSON',
				'Keep original, same field',
				'Missing binary field',
				'Binary field is an object',
				'Empty answer',
			].map((name): [string, string] => ['Download call 01', name]),
		]),
	check(run, ctx) {
		assertSucceeded(run);
		errorItem(run, 'Empty key', 'invalidCredentials', [/API Key in the Modulate API credential is empty/]);
		errorItem(run, 'Base URL without scheme', 'invalidCredentials', [/Base URL ".*" in the Modulate API credential has no scheme/]);
		const refused = errorItem(run, 'Closed port', 'network', [/connection refused/, /Base URL/]);
		assert.doesNotMatch(String(refused.error), /ECONNREFUSED|perhaps it is offline/);
		assert.match(String(refused.description), /ECONNREFUSED/);
		errorItem(run, 'Unknown preset', 'badRequest', [/unknown behavior preset "no_such_preset"/]);
		errorItem(run, 'Bad config JSON', 'badRequest', [/Config \(JSON\) is not valid JSON/]);
		errorItem(run, 'Keep original, same field', 'badRequest', [/Keep Original Audio/, /Output Binary Field/]);
		errorItem(run, 'Missing binary field', 'badRequest', [/no binary property "audio"/]);
		errorItem(run, 'Binary field is an object', 'badRequest', [/Input Binary Field.*an object/]);
		const empty = errorItem(run, 'Empty answer', 'invalidAnswer', [/"frames"/, /missing/]);
		assert.equal(empty.summary, undefined, 'no made-up verdict');
		// Local faults sent nothing: the only requests are the catalog read and the one synthetic-voice call.
		assert.deepEqual(
			ctx.requests({ surface: 'models' }).map((r) => r.path).sort(),
			['/api/velma-2-batch/list-presets', '/api/velma-2-synthetic-voice-detection-batch'],
		);
		assertNoEncodedKey(run);
	},
};

const echo: E2ECase = {
	id: 'e2eErrorCatalogueEcho1',
	title: 'bad-input catalogue sample: a server echoing the key encoded leaks nothing',
	covers: ['modulate.transcribeEnglishFast'],
	before(ctx) {
		ctx.emu.state.configure({ faults: { script: ['echoKey400'], scriptPath: 'english-vfast' } });
	},
	workflow: ({ sink }) =>
		workflow(echo.id, 'E2E: error catalogue, echoed key', [
			manualTrigger('Start'),
			download('Download call 01', `${sink.url}/recordings/call-01-billing.wav`),
			modulate('Key echoed', 'transcription', 'transcribeEnglishFast', noRetry, { onError }),
		], [
			['Start', 'Download call 01'],
			['Download call 01', 'Key echoed'],
		]),
	check(run) {
		assertSucceeded(run);
		const json = errorItem(run, 'Key echoed', 'badRequest', [/request rejected/]);
		assert.match(String(json.description), /\*\*\*/);
		assertNoEncodedKey(run);
	},
};

export default [catalogue, echo];
