/**
 * Keys must never reach output, errors or logs. Messages are built from server text and URLs, either of
 * which may carry a key (a WebSocket URL carries it as `api_key`), so every outgoing text passes here.
 * A careless server may also echo a key encoded, so each secret is masked in every form it can take in
 * text: as given, trimmed, URL-encoded (both space styles), JSON-escaped, and base64 (standard and
 * URL-safe, with or without padding).
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** The credential fields a message could leak. Both credentials keep their secret in `apiKey`. */
export function secretsOf(credentials: ICredentialDataDecryptedObject): string[] {
	const raw = credentials.apiKey;
	if (typeof raw !== 'string' || !raw) return [];
	return [...new Set([raw, raw.trim()])].filter(Boolean);
}

/** Shortest secret masked: shorter strings are too likely to occur by chance in ordinary text. */
const MIN_SECRET_LENGTH = 4;

/** Every text form of one secret that a server or a URL could carry. */
export function encodedForms(secret: string): string[] {
	const base64 = Buffer.from(secret, 'utf8').toString('base64');
	const base64Url = base64.replace(/\+/g, '-').replace(/\//g, '_');
	const forms = [
		secret,
		encodeURIComponent(secret),
		encodeURIComponent(secret).replace(/%20/g, '+'),
		JSON.stringify(secret).slice(1, -1),
		base64,
		base64.replace(/=+$/, ''),
		base64Url,
		base64Url.replace(/=+$/, ''),
	];
	// Longest first, so a form is not half-masked by a shorter one it contains.
	return [...new Set(forms)].filter((f) => f.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/** Replaces each secret, in each of its encoded forms, and nothing else (a URL's own session token stays). */
export function maskSecrets(text: string, secrets: string[]): string {
	const forms = [...new Set(secrets.filter((s) => !!s && s.length >= MIN_SECRET_LENGTH).flatMap(encodedForms))].sort(
		(a, b) => b.length - a.length,
	);
	return forms.reduce((result, form) => result.split(form).join('***'), text);
}

export function scrubSecrets(text: string, secrets: Array<string | undefined>): string {
	const result = text.replace(/([?&](?:api_key|apikey|key|token)=)[^&#\s"']+/gi, '$1***');
	return maskSecrets(result, secrets.filter((s): s is string => !!s));
}

/** A URL safe to show: the query string's secrets masked. */
export function safeUrl(url: string): string {
	return scrubSecrets(url, []);
}
