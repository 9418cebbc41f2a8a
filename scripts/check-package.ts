/**
 * `npm run check:package`: is the package fit to publish and to pass n8n's verification?
 *
 *   npm run check:package                 # this repository (run npm run build first)
 *   npm run check:package -- --dir PATH   # another copy of it (the tests use one)
 *
 * Packs the package as npm publish would, then checks the tarball's contents, source maps and secrets,
 * package.json's rules, and runs n8n's scanner on the source and on the unpacked tarball. Prints every
 * problem found and exits 1 if there is any; offline throughout.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkContents, checkIcons } from './package-check/contents';
import { checkManifest, type PackageManifest } from './package-check/manifest';
import { scan, TARBALL_PATTERNS } from './package-check/scanner';
import { findSecrets } from './package-check/secrets';
import { checkSourceMaps } from './package-check/sourceMaps';
import { packPackage } from './package-check/tarball';

function packageDir(args: string[]): string {
	const i = args.indexOf('--dir');
	return resolve(i >= 0 && args[i + 1] ? args[i + 1] : join(__dirname, '..'));
}

async function main(): Promise<number> {
	const dir = packageDir(process.argv.slice(2));
	const workDir = mkdtempSync(join(tmpdir(), 'check-package-'));
	try {
		const packed = packPackage(dir, workDir);
		const read = (file: string) => readFileSync(join(packed.dir, file), 'utf8');
		const manifest = JSON.parse(read('package.json')) as PackageManifest;
		const sections: Array<[string, string[]]> = [
			['tarball contents', [...checkContents(packed.files, manifest), ...checkIcons(packed.files, read)]],
			['package.json', checkManifest(manifest)],
			['source maps', checkSourceMaps(packed.files, read)],
			['secrets', findSecrets(packed.files, read)],
			['n8n scanner (source)', await scan('source', dir)],
			['n8n scanner (tarball)', await scan('tarball', packed.dir, TARBALL_PATTERNS)],
		];
		const problems = sections.flatMap(([, found]) => found);
		console.log(`check:package: ${manifest.name}@${manifest.version}, ${packed.files.length} files in the tarball`);
		for (const [name, found] of sections) console.log(`  ${found.length ? '✗' : '✓'} ${name}`);
		if (problems.length === 0) {
			console.log('check:package: passed');
			return 0;
		}
		console.log(`\ncheck:package: ${problems.length} problem(s):`);
		for (const problem of problems) console.log(`- ${problem}`);
		return 1;
	} finally {
		rmSync(workDir, { recursive: true, force: true });
	}
}

main().then(
	(code) => process.exit(code),
	(error: Error) => {
		console.error(`check:package: ${error.message}`);
		process.exit(1);
	},
);
