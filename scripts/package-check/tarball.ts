/**
 * Packs the package exactly as `npm publish` would upload it, and unpacks it for inspection.
 * npm's own file list (npm pack --json) is the truth about what ships, so nothing here re-implements
 * `files`, .npmignore or npm's always-included files.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface PackedPackage {
	/** Folder holding the unpacked tarball (its package/ prefix stripped). */
	dir: string;
	/** Paths in the tarball, relative, with forward slashes, sorted. */
	files: string[];
	tarball: string;
}

interface NpmPackEntry {
	filename: string;
	files: Array<{ path: string }>;
}

/** Packs `packageDir` into `workDir` (which the caller removes) and unpacks it there. */
export function packPackage(packageDir: string, workDir: string): PackedPackage {
	// --ignore-scripts: a prepack script must not change what is inspected, and none is needed.
	const pack = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workDir], {
		cwd: packageDir,
		encoding: 'utf8',
	});
	if (pack.status !== 0) throw new Error(`npm pack failed (exit ${pack.status}): ${pack.stderr.trim()}`);
	const [entry] = JSON.parse(pack.stdout) as NpmPackEntry[];
	const tarball = join(workDir, entry.filename);
	const dir = join(workDir, 'package');
	mkdirSync(dir, { recursive: true });
	const untar = spawnSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], { encoding: 'utf8' });
	if (untar.status !== 0) throw new Error(`tar could not unpack ${tarball}: ${untar.stderr.trim()}`);
	return { dir, tarball, files: entry.files.map((f) => f.path.replace(/\\/g, '/')).sort() };
}
