/**
 * Runs the Modulate node against an emulator the way every integration test does: the default key,
 * the emulator's URL as Base URL, and a `runError` that hands back the node's error for assertions. Nodes run at
 * version 1 by default, where Simplify is off, so a test reads the raw answer unless it asks otherwise.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { ModulateApi } from '../../credentials/ModulateApi.credentials';
import { DEFAULT_MODELS_KEY } from '../emulator/state';
import { errorOf, runNode } from './n8n';
import { Modulate } from './nodes';

export interface RunExtras {
	apiKey?: string;
	continueOnFail?: boolean;
	abortSignal?: AbortSignal;
	/** The node version; 1 (raw output, Simplify off by default) unless a test asks for another. */
	typeVersion?: number;
	retryOnFail?: boolean;
}

export function modulateRunner(emulatorUrl: () => string) {
	const node = new Modulate();
	const credentialTypes = [new ModulateApi()];
	const creds = (apiKey = DEFAULT_MODELS_KEY) => ({ modulateApi: { apiKey, baseUrl: emulatorUrl() } });

	async function run(parameters: INodeParameters, items: INodeExecutionData[], extra: RunExtras = {}) {
		return await runNode(node, {
			parameters,
			items,
			credentials: creds(extra.apiKey),
			credentialTypes,
			continueOnFail: extra.continueOnFail,
			abortSignal: extra.abortSignal,
			typeVersion: extra.typeVersion ?? 1,
			retryOnFail: extra.retryOnFail,
		});
	}

	async function runError(parameters: INodeParameters, items: INodeExecutionData[], extra: RunExtras = {}) {
		return await errorOf(run(parameters, items, extra));
	}

	return { node, credentialTypes, creds, run, runError };
}
