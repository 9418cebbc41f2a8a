/**
 * n8n's verification scanner, run the way verification runs it but offline: its CLI downloads the
 * package from the registry, so this calls the module's analyzePackage on local folders instead.
 * The scanner's version is pinned in package.json; its rule set is its own (not our eslint config).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

interface ScanResult {
	passed: boolean;
	message?: string;
	details?: string;
}

interface ScannerModule {
	analyzePackage(dir: string, patterns?: string[]): Promise<ScanResult>;
	SOURCE_FILE_PATTERNS: string[];
}

/** The tarball leg: compiled code and the published package.json. */
export const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

// The package has no "main" or "exports"; its module is the file its CLI imports.
async function loadScanner(): Promise<ScannerModule> {
	// eslint-plugin-n8n-nodes-base reads NODE_ENV once, at load: under 'test' (as Jest sets it) its rules treat
	// every file as a node and a trigger, which verification never does.
	delete process.env.NODE_ENV;
	const manifest = createRequire(__filename).resolve('@n8n/scan-community-package/package.json');
	const url = new URL('scanner/scanner.mjs', pathToFileURL(manifest));
	return (await import(url.href)) as ScannerModule;
}

/** Scans `dir` with the given patterns (the scanner's SOURCE_FILE_PATTERNS when omitted). */
export async function scan(label: string, dir: string, patterns?: string[]): Promise<string[]> {
	const scanner = await loadScanner();
	const result = await scanner.analyzePackage(dir, patterns ?? scanner.SOURCE_FILE_PATTERNS);
	if (result.passed) return [];
	const details = (result.details ?? '').replaceAll(dir, '.').trim();
	return [`n8n scanner on the ${label}: ${result.message ?? 'failed'}${details ? `\n${details}` : ''}`];
}
