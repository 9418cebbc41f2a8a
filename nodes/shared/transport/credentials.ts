/**
 * An item's credential, read once and handed down: the request layer takes the Base URL from it, the
 * streaming URL its key, and every message its secrets to scrub. What can be told wrong without asking
 * Modulate (an empty key or account UUID, a Base URL that is not an http(s) URL) fails here, before
 * anything is sent. Fields are trimmed: a key pasted with a trailing newline works the same over HTTP
 * (where the header would be trimmed anyway) and over WebSocket (where it would end up in the URL).
 */
import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, IExecuteFunctions, INode } from 'n8n-workflow';
import { inputError } from './errors';
import { scrubSecrets, secretsOf } from './secrets';

export type CredentialType = 'modulateApi' | 'modulatePlatformApi';

export interface ItemCredentials {
	type: CredentialType;
	/** Without a trailing slash. */
	baseUrl: string;
	/** Trimmed. */
	apiKey: string;
	secrets: string[];
	/** The credential as n8n resolved it for this item, handed to n8n's authenticated request helper. */
	decrypted?: ICredentialsDecrypted;
}

export const CREDENTIAL_NAMES: Record<CredentialType, string> = {
	modulateApi: 'Modulate API',
	modulatePlatformApi: 'Modulate Platform API',
};

const DEFAULT_BASE_URLS: Record<CredentialType, string> = {
	modulateApi: 'https://platform.modulate.ai',
	modulatePlatformApi: 'https://cloud-processing-api.modulate.ai',
};

export function baseUrlOf(credentials: { baseUrl?: unknown }): string {
	return String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
}

/** Why a Base URL cannot be used, or undefined when it can. */
export function baseUrlProblem(baseUrl: string): string | undefined {
	if (!baseUrl) return 'is empty';
	if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl)) return 'has no scheme (it must start with https://)';
	if (!/^https?:\/\//i.test(baseUrl)) return 'must start with https:// (or http:// for a local server)';
	let host: string;
	try {
		host = new URL(baseUrl).hostname;
	} catch {
		return 'is not a valid URL';
	}
	if (!host) return 'has no host name';
	if (/[?#]/.test(baseUrl)) return 'must not contain a query string or a fragment';
	return undefined;
}

/**
 * The local checks of a credential, as an n8n error naming the credential, the field and the fix; nothing
 * has been sent when this fails.
 */
export function checkCredentialFields(
	node: INode,
	type: CredentialType,
	itemIndex: number,
	credentials: ICredentialDataDecryptedObject,
): void {
	const name = `the ${CREDENTIAL_NAMES[type]} credential`;
	const fail = (message: string, fix: string) => inputError(node, itemIndex, message, fix, 'invalidCredentials');
	if (type === 'modulatePlatformApi' && !String(credentials.accountUuid ?? '').trim()) {
		throw fail(`the Account UUID in ${name} is empty`, 'Open the credential and enter your Modulate account UUID.');
	}
	if (!String(credentials.apiKey ?? '').trim()) {
		throw fail(
			`the API Key in ${name} is empty`,
			`Open the credential and paste your Modulate ${type === 'modulatePlatformApi' ? 'Platform ' : ''}API key; nothing was sent to Modulate.`,
		);
	}
	const baseUrl = baseUrlOf(credentials);
	const problem = baseUrlProblem(baseUrl);
	if (problem) {
		throw fail(
			`the Base URL "${scrubSecrets(baseUrl, secretsOf(credentials))}" in ${name} ${problem}`,
			`Set it to a full URL such as ${DEFAULT_BASE_URLS[type]}; nothing was sent to Modulate.`,
		);
	}
}

export async function readItemCredentials(
	ctx: IExecuteFunctions,
	type: CredentialType,
	itemIndex: number,
): Promise<ItemCredentials> {
	const credentials = await ctx.getCredentials(type, itemIndex);
	checkCredentialFields(ctx.getNode(), type, itemIndex, credentials);
	const reference = ctx.getNode().credentials?.[type];
	return {
		type,
		baseUrl: baseUrlOf(credentials),
		apiKey: String(credentials.apiKey ?? '').trim(),
		secrets: secretsOf(credentials),
		decrypted: { id: reference?.id ?? '', name: reference?.name ?? CREDENTIAL_NAMES[type], type, data: credentials },
	};
}
