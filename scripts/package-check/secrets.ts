/**
 * Secrets must never ship. Files that usually hold them are refused by name; every text file is searched
 * for the shapes of common keys and tokens, and for credentials written into a URL. A match is reported
 * by file, line and kind only: the report must not repeat the secret.
 */
const SECRET_FILES = /(?:^|\/)(?:\.env(?:\..*)?|\.npmrc|\.yarnrc(?:\.yml)?|\.netrc|id_rsa|id_ed25519|.*\.pem|.*\.key|.*\.p12|.*\.pfx)$/i;

const SECRET_SHAPES: Array<[kind: string, shape: RegExp]> = [
	['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
	['npm token', /\bnpm_[A-Za-z0-9]{36}\b/],
	['npm auth setting', /_authToken\s*=/],
	['GitHub token', /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/],
	['AWS access key', /\bAKIA[0-9A-Z]{16}\b/],
	['Slack token', /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
	['key assigned in code', /\b(?:api[_-]?key|secret|token|password|passwd)["']?\s*[:=]\s*["'][A-Za-z0-9_\-+/=.]{20,}["']/i],
	['credentials in a URL', /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"`]+:[^\s/@'"`]+@[^\s'"`]/i],
];

export function findSecrets(files: string[], readFile: (file: string) => string): string[] {
	const problems: string[] = [];
	for (const file of files) {
		if (SECRET_FILES.test(file)) {
			problems.push(`${file}: a file of this kind holds secrets and must not ship`);
			continue;
		}
		if (!/\.(?:[cm]?js|ts|json|md|txt|svg|ya?ml|map)$/.test(file)) continue;
		readFile(file)
			.split('\n')
			.forEach((line, i) => {
				for (const [kind, shape] of SECRET_SHAPES) {
					if (shape.test(line)) problems.push(`${file}:${i + 1}: looks like a secret (${kind})`);
				}
			});
	}
	return problems;
}
