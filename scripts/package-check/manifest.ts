/**
 * package.json rules of n8n's verification that are cheaper to state than to discover at review:
 * no runtime dependencies, n8n-workflow as the only peer, no install-time scripts.
 */
export interface PackageManifest {
	name?: string;
	version?: string;
	main?: string;
	files?: string[];
	scripts?: Record<string, string>;
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	n8n?: { nodes?: string[]; credentials?: string[] };
}

const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];

export function checkManifest(manifest: PackageManifest): string[] {
	const problems: string[] = [];
	const runtime = Object.keys(manifest.dependencies ?? {});
	if (runtime.length) problems.push(`package.json: runtime dependencies are not allowed in a verified node: ${runtime.join(', ')}`);
	const peers = Object.keys(manifest.peerDependencies ?? {}).filter((p) => p !== 'n8n-workflow');
	if (peers.length) problems.push(`package.json: the only peer dependency may be n8n-workflow, found ${peers.join(', ')}`);
	for (const script of INSTALL_SCRIPTS) {
		if (manifest.scripts?.[script]) problems.push(`package.json: a "${script}" script runs on users' machines at install; remove it`);
	}
	return problems;
}
