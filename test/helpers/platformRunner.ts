/**
 * Runs the Modulate Platform node against an emulator the way the Platform tests do: the emulator's
 * default account, its URL as Base URL, and a `runError` that hands back the node's error for assertions.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { ModulatePlatformApi } from '../../credentials/ModulatePlatformApi.credentials';
import { DEFAULT_PLATFORM_ACCOUNT } from '../emulator/state';
import { errorOf, runNode } from './n8n';
import { ModulatePlatform } from './nodes';

export interface PlatformRunExtras {
	/** Merged over the default account's credential (accountUuid, apiKey, baseUrl). */
	credentials?: IDataObject;
	continueOnFail?: boolean;
	abortSignal?: AbortSignal;
	retryOnFail?: boolean;
}

export function platformRunner(emulatorUrl: () => string) {
	const node = new ModulatePlatform();
	const credentialTypes = [new ModulatePlatformApi()];
	const creds = (overrides: IDataObject = {}) => ({
		modulatePlatformApi: {
			accountUuid: DEFAULT_PLATFORM_ACCOUNT.accountUuid,
			apiKey: DEFAULT_PLATFORM_ACCOUNT.apiKey,
			baseUrl: emulatorUrl(),
			...overrides,
		},
	});

	/** `parameters` without `resource` get the Platform's only resource, `job`. */
	async function run(parameters: INodeParameters, items: INodeExecutionData[], extra: PlatformRunExtras = {}) {
		return await runNode(node, {
			parameters: { resource: 'job', ...parameters },
			items,
			credentials: creds(extra.credentials) as never,
			credentialTypes,
			continueOnFail: extra.continueOnFail,
			abortSignal: extra.abortSignal,
			retryOnFail: extra.retryOnFail,
		});
	}

	async function runError(parameters: INodeParameters, items: INodeExecutionData[], extra: PlatformRunExtras = {}) {
		return await errorOf(run(parameters, items, extra));
	}

	return { node, credentialTypes, creds, run, runError };
}
