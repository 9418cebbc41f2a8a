/**
 * Keys must never reach output, errors or logs. Messages are built from server text and URLs, either of
 * which may carry a key (a WebSocket URL carries it as `api_key`), so every outgoing text passes here.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** The credential fields a message could leak. Both credentials keep their secret in `apiKey`. */
export function secretsOf(credentials: ICredentialDataDecryptedObject): string[] {
	return [credentials.apiKey as string | undefined].filter((s): s is string => !!s);
}

/** Replaces each secret, and nothing else (a URL's own session token stays). */
export function maskSecrets(text: string, secrets: string[]): string {
	return secrets.reduce((result, secret) => result.split(secret).join('***'), text);
}

export function scrubSecrets(text: string, secrets: Array<string | undefined>): string {
	const result = text.replace(/([?&](?:api_key|apikey|key|token)=)[^&#\s"']+/gi, '$1***');
	return maskSecrets(result, secrets.filter((s): s is string => !!s && s.length >= 4));
}

/** A URL safe to show: the query string's secrets masked. */
export function safeUrl(url: string): string {
	return scrubSecrets(url, []);
}
