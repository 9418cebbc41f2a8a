/**
 * An item's credential, read once and handed down: the request layer takes the Base URL from it, the
 * streaming URL its key, and every message its secrets to scrub.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { secretsOf } from './secrets';

export type CredentialType = 'modulateApi' | 'modulatePlatformApi';

export interface ItemCredentials {
	type: CredentialType;
	/** Without a trailing slash. */
	baseUrl: string;
	apiKey: string;
	secrets: string[];
}

export function baseUrlOf(credentials: { baseUrl?: unknown }): string {
	return String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
}

export async function readItemCredentials(
	ctx: IExecuteFunctions,
	type: CredentialType,
	itemIndex: number,
): Promise<ItemCredentials> {
	const credentials = await ctx.getCredentials(type, itemIndex);
	return {
		type,
		baseUrl: baseUrlOf(credentials),
		apiKey: String(credentials.apiKey ?? ''),
		secrets: secretsOf(credentials),
	};
}
