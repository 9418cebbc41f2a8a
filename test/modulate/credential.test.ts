/** The Modulate API credential's test against the emulator. */
import assert from 'node:assert/strict';
import { ModulateApi } from '../../credentials/ModulateApi.credentials';
import { DEFAULT_MODELS_KEY } from '../emulator/state';
import { useEmulator } from '../helpers/emulator';
import { testCredential } from '../helpers/n8n';

const emulator = useEmulator();

describe('credential test', () => {
	it('passes for the right key and fails, naming the cause, for a wrong one', async () => {
		const ok = await testCredential(new ModulateApi(), { apiKey: DEFAULT_MODELS_KEY, baseUrl: emulator.url });
		assert.equal(ok.status, 'OK');
		assert.equal(emulator.state.requests.at(-1)?.path, '/api/velma-2-batch/list-presets');
		const bad = await testCredential(new ModulateApi(), { apiKey: 'mk_wrong', baseUrl: emulator.url });
		assert.equal(bad.status, 'Error');
		assert.match(bad.message, /API key rejected/);
	});

	it('does not call a key without conversation-analysis access invalid', async () => {
		emulator.state.configure({ modelsKeys: { [DEFAULT_MODELS_KEY]: { disabledModels: ['velma-2-batch'] } } });
		const result = await testCredential(new ModulateApi(), { apiKey: DEFAULT_MODELS_KEY, baseUrl: emulator.url });
		// Issue 10: Modulate answers an unknown key with the same 403, so the test says it cannot tell.
		assert.equal(result.status, 'Error');
		assert.doesNotMatch(result.message, /API key rejected/);
		assert.match(result.message, /cannot tell/);
	});

	it('fails for a wrong key answered in the 403 style of other doc versions', async () => {
		emulator.state.configure({ badKeyHttpStatus: 403 });
		const result = await testCredential(new ModulateApi(), { apiKey: 'mk_wrong', baseUrl: emulator.url });
		assert.equal(result.status, 'Error');
		assert.match(result.message, /API key rejected/);
	});

	it('fails for a missing key (FastAPI 422)', async () => {
		const result = await testCredential(new ModulateApi(), { apiKey: '', baseUrl: emulator.url });
		assert.equal(result.status, 'Error');
	});
});
