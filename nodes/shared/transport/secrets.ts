/**
 * Keys must never reach output, errors or logs. Messages are built from server text and URLs, either of
 * which may carry a key (a WebSocket URL carries it as `api_key`), so every outgoing text passes here.
 */
export function scrubSecrets(text: string, secrets: Array<string | undefined>): string {
	let result = text.replace(/([?&](?:api_key|apikey|key|token)=)[^&#\s"']+/gi, '$1***');
	for (const secret of secrets) {
		if (secret && secret.length >= 4) result = result.split(secret).join('***');
	}
	return result;
}

/** A URL safe to show: the query string's secrets masked. */
export function safeUrl(url: string): string {
	return scrubSecrets(url, []);
}
