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

/**
 * An http(s) URL's query string and fragment are secrets as a whole: a presigned link carries its
 * signature and credential there (X-Amz-Signature, sig, token, …), under names no list can foresee.
 */
const HTTP_URL_QUERY = /(\bhttps?:\/\/[^\s"'<>?#]*)[?#][^\s"'<>]*/gi;

export function scrubSecrets(text: string, secrets: Array<string | undefined>): string {
	const result = text
		.replace(HTTP_URL_QUERY, '$1?***')
		.replace(/([?&](?:api_key|apikey|key|token)=)[^&#\s"']+/gi, '$1***');
	return maskSecrets(result, secrets.filter((s): s is string => !!s));
}

/** A link as it may be shown: without its query string and fragment, nor any user:password. */
export function withoutQuery(url: string): string {
	const cut = url.replace(/[?#].*$/s, '');
	return cut.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

/**
 * The parts of a link that are secret, for masking text that may quote them without the link itself (a
 * server echoing a signature): the query string, its fragment, each parameter value, and any user info.
 */
export function urlSecrets(url: string): string[] {
	const secrets: string[] = [];
	const query = /\?([^#]*)/.exec(url)?.[1];
	const fragment = /#(.*)$/s.exec(url)?.[1];
	if (query) {
		secrets.push(query);
		for (const pair of query.split('&')) {
			const value = pair.slice(pair.indexOf('=') + 1);
			if (pair.includes('=') && value) {
				secrets.push(value);
				try {
					secrets.push(decodeURIComponent(value.replace(/\+/g, ' ')));
				} catch {
					// a malformed escape: the raw value is masked already
				}
			}
		}
	}
	if (fragment) secrets.push(fragment);
	const userInfo = /^[a-z][a-z0-9+.-]*:\/\/([^/@?#]*)@/i.exec(url)?.[1];
	if (userInfo) secrets.push(userInfo, ...userInfo.split(':'));
	return [...new Set(secrets.filter(Boolean))];
}

/** A URL safe to show: the query string's secrets masked. */
export function safeUrl(url: string): string {
	return scrubSecrets(url, []);
}
