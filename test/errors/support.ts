/**
 * The bad-input catalogue's one assertion: run the node with an input a new user could give (or against a
 * broken answer), and check the error the user gets: its exact category, the key words of its message
 * (item, field, fix), that nothing reached the emulator when the fault is local, and that no secret
 * appears anywhere, in any encoding (output, error, description, logs).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';
import { ModulateApi } from '../../credentials/ModulateApi.credentials';
import { ModulatePlatformApi } from '../../credentials/ModulatePlatformApi.credentials';
import { encodedForms } from '../../nodes/shared/transport/secrets';
import type { RunningEmulator } from '../emulator/server';
import { DEFAULT_MODELS_KEY, DEFAULT_PLATFORM_ACCOUNT } from '../emulator/state';
import type { EmulatorConfig } from '../emulator/state';
import { binaryItem, findSecret, logsOf, runNode } from '../helpers/n8n';
import { Modulate, ModulatePlatform } from '../helpers/nodes';

const AUDIO = join(__dirname, '..', 'fixtures', 'audio');
export const wav = readFileSync(join(AUDIO, 'call-01-billing.wav'));
export const mp3 = readFileSync(join(AUDIO, 'call-01-billing.mp3'));
export const wavItem = async () => await binaryItem(wav, 'call-01-billing.wav', 'audio/wav');

/** Fast retries, no waiting. */
export const fast = { retryInitialDelayMs: 1, timeoutSeconds: 30 };

export interface Case {
	node?: 'modulate' | 'platform';
	parameters: INodeParameters;
	items?: INodeExecutionData[];
	/** Replaces fields of the default credential. */
	credential?: ICredentialDataDecryptedObject;
	/** Expected error item. */
	category: string;
	/** Each must appear in the message (case-insensitive unless a RegExp). */
	words: Array<string | RegExp>;
	/** Each must appear in the description. */
	descriptionWords?: Array<string | RegExp>;
	/** Local fault: no request may reach the emulator. Or the number of requests expected. */
	requests: 'none' | number;
	retryable?: boolean;
	/** Emulator config for this case (faults, keys), applied before each run. */
	emulator?: Partial<EmulatorConfig>;
}

export interface Outcome {
	json: IDataObject;
	thrown: Error & { description?: string | null };
}

function secretsIn(credential: ICredentialDataDecryptedObject): string[] {
	return [credential.apiKey].filter((s): s is string => typeof s === 'string' && s.trim().length >= 4).flatMap((s) => [s, s.trim()]);
}

/** Every encoded form of every secret, in any of the values (findSecret checks raw and URL-encoded only). */
export function assertNoSecret(secrets: string[], ...values: unknown[]): void {
	for (const secret of secrets) {
		assert.deepEqual(findSecret(secret, ...values), [], `the key appears in the output, error or logs`);
		const text = JSON.stringify(values, (_k, v: unknown) => (v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v));
		for (const form of encodedForms(secret)) assert.ok(!text.includes(form), `the key appears encoded as ${form}`);
	}
}

function matchAll(text: string, words: Array<string | RegExp>, what: string): void {
	for (const word of words) {
		if (word instanceof RegExp) assert.match(text, word, `${what}: ${text}`);
		else assert.ok(text.toLowerCase().includes(word.toLowerCase()), `${what} lacks "${word}": ${text}`);
	}
}

/** Runs the case twice: with continue-on-fail (the error item) and without (the thrown error). */
export async function expectFailure(emulator: RunningEmulator, c: Case): Promise<Outcome> {
	const platform = c.node === 'platform';
	const credential = platform
		? { ...DEFAULT_PLATFORM_ACCOUNT, baseUrl: emulator.url, ...c.credential }
		: { apiKey: DEFAULT_MODELS_KEY, baseUrl: emulator.url, ...c.credential };
	const secrets = [...secretsIn(credential), platform ? DEFAULT_PLATFORM_ACCOUNT.apiKey : DEFAULT_MODELS_KEY];
	const run = async (continueOnFail: boolean) =>
		await runNode((platform ? new ModulatePlatform() : new Modulate()) as INodeType, {
			parameters: c.parameters,
			items: c.items ?? [await wavItem()],
			credentials: { [platform ? 'modulatePlatformApi' : 'modulateApi']: credential },
			credentialTypes: [platform ? new ModulatePlatformApi() : new ModulateApi()],
			continueOnFail,
		});

	const prepare = () => {
		emulator.state.reset();
		if (c.emulator) emulator.state.configure(structuredClone(c.emulator));
	};
	prepare();
	const result = await run(true);
	const json = result.output[0][0].json;
	assert.equal(json.category, c.category, `category of ${JSON.stringify(json)}`);
	if (c.retryable !== undefined) assert.equal(json.retryable, c.retryable);
	matchAll(String(json.error), [/^(Item \d+: )?.+/, ...c.words], 'message');
	if (c.descriptionWords) matchAll(String(json.description ?? ''), c.descriptionWords, 'description');
	const sent = emulator.state.requests.length;
	if (c.requests === 'none') assert.equal(sent, 0, 'a local fault must send nothing');
	else assert.equal(sent, c.requests, 'requests that reached the emulator');
	assertNoSecret(secrets, result.output, result.logs);

	// The same input without continue-on-fail: the thrown error says the same, and n8n kept our message.
	prepare();
	let thrown: Outcome['thrown'] | undefined;
	try {
		await run(false);
	} catch (error) {
		thrown = error as Outcome['thrown'];
	}
	assert.ok(thrown, 'the node did not fail without continue-on-fail');
	assert.equal(thrown.message, String(json.error), 'the thrown message is the error item\'s (n8n did not replace it)');
	assertNoSecret(secrets, thrown, logsOf(thrown));
	return { json, thrown };
}
