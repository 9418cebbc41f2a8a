/**
 * What may ship: the compiled nodes and credentials with their icons and codex files, plus package.json,
 * README.md, LICENSE.md and index.js. Anything else in the tarball (tests, the emulator, examples, a
 * compiled copy of package.json, stray config) is a problem, and so is any file the `n8n` section of
 * package.json names that the tarball lacks: n8n would fail to load the package.
 */
import type { PackageManifest } from './manifest';

const ROOT_FILES = new Set(['package.json', 'README.md', 'LICENSE.md', 'index.js']);

// Compiled code, type declarations, icons, and the node codex files (<Name>.node.json) n8n reads.
const DIST_FILE = /^dist\/(?:nodes|credentials)\/.+(?:\.js|\.d\.ts|\.svg|\.png|\.node\.json|\.js\.map)$/;

// Folders and names that mean the file belongs to development, wherever it sits.
const DEV_ONLY = /(?:^|\/)(?:test|tests|__tests__|fixtures|emulator|examples|e2e|bench|scripts)\/|\.(?:test|spec)\.[cm]?[jt]s$/;

export function checkContents(files: string[], manifest: PackageManifest): string[] {
	const problems: string[] = [];
	const shipped = new Set(files);

	for (const file of files) {
		if (ROOT_FILES.has(file)) continue;
		if (DEV_ONLY.test(file)) problems.push(`${file}: development file in the tarball (take it out of package.json "files")`);
		else if (!DIST_FILE.test(file)) problems.push(`${file}: not code, an icon or a codex file of dist/nodes or dist/credentials (take it out of package.json "files" or the build)`);
	}
	for (const file of ROOT_FILES) {
		if (!shipped.has(file)) problems.push(`${file}: missing from the tarball`);
	}
	if (manifest.main && !shipped.has(manifest.main.replace(/^\.\//, ''))) {
		problems.push(`${manifest.main}: package.json "main" names it, but the tarball lacks it`);
	}

	const listed = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])].map((f) => f.replace(/^\.\//, ''));
	if (!manifest.n8n?.nodes?.length) problems.push('package.json: the "n8n" section lists no nodes');
	for (const file of listed) {
		if (!shipped.has(file)) problems.push(`${file}: package.json "n8n" lists it, but the tarball lacks it (run npm run build first)`);
	}
	for (const file of files) {
		const kind = /\.node\.js$/.test(file) ? 'nodes' : /\.credentials\.js$/.test(file) ? 'credentials' : undefined;
		if (kind && !listed.includes(file)) problems.push(`${file}: compiled ${kind} file that package.json "n8n.${kind}" does not list, so n8n never loads it`);
	}
	return problems;
}

/** Icons a node or credential names as `file:x.svg` must ship next to it: n8n resolves them there. */
export function checkIcons(files: string[], readFile: (file: string) => string): string[] {
	const shipped = new Set(files);
	const problems: string[] = [];
	for (const file of files.filter((f) => /\.(?:node|credentials)\.js$/.test(f))) {
		const folder = file.slice(0, file.lastIndexOf('/') + 1);
		for (const [, icon] of readFile(file).matchAll(/['"`]file:([^'"`]+)['"`]/g)) {
			if (!shipped.has(folder + icon)) problems.push(`${file}: icon file:${icon} is not in the tarball at ${folder + icon}`);
		}
	}
	return problems;
}
