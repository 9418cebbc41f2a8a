/** check:package's rules on plain file lists and contents: what may ship, maps, secrets, package.json. */
import assert from 'node:assert/strict';
import { checkContents, checkIcons } from '../../scripts/package-check/contents';
import { checkManifest, type PackageManifest } from '../../scripts/package-check/manifest';
import { findSecrets } from '../../scripts/package-check/secrets';
import { checkSourceMaps } from '../../scripts/package-check/sourceMaps';

const manifest: PackageManifest = {
	main: 'index.js',
	n8n: { nodes: ['dist/nodes/A/A.node.js'], credentials: ['dist/credentials/AApi.credentials.js'] },
};
const good = [
	'LICENSE.md',
	'README.md',
	'dist/credentials/AApi.credentials.js',
	'dist/credentials/a.svg',
	'dist/nodes/A/A.node.js',
	'dist/nodes/A/A.node.json',
	'dist/nodes/A/a.svg',
	'dist/nodes/A/transport/request.js',
	'index.js',
	'package.json',
];
const reader = (files: Record<string, string>) => (file: string) => files[file] ?? '';

describe('tarball contents', () => {
	it('accepts compiled code, icons, codex files and the four root files', () => {
		assert.deepEqual(checkContents(good, manifest), []);
	});
	it('names tests, the emulator, examples and other strays', () => {
		const problems = checkContents(
			[...good, 'test/items/x.test.ts', 'dist/test/emulator/server.js', 'examples/a.json', 'dist/package.json', 'tsconfig.json'],
			manifest,
		);
		assert.equal(problems.length, 5);
		assert.match(problems[0], /^test\/items\/x\.test\.ts: development file/);
		assert.match(problems[1], /^dist\/test\/emulator\/server\.js: development file/);
		assert.match(problems[2], /^examples\/a\.json: development file/);
		assert.match(problems[3], /^dist\/package\.json: not code/);
		assert.match(problems[4], /^tsconfig\.json: not code/);
	});
	it('names a file of the n8n section the tarball lacks, and a compiled node it does not list', () => {
		const problems = checkContents(
			[...good.filter((f) => f !== 'dist/credentials/AApi.credentials.js'), 'dist/nodes/B/B.node.js'],
			manifest,
		);
		assert.deepEqual(problems, [
			'dist/credentials/AApi.credentials.js: package.json "n8n" lists it, but the tarball lacks it (run npm run build first)',
			'dist/nodes/B/B.node.js: compiled nodes file that package.json "n8n.nodes" does not list, so n8n never loads it',
		]);
	});
	it('names an icon a node refers to that does not ship beside it', () => {
		const read = reader({ 'dist/nodes/A/A.node.js': "icon: { light: 'file:a.svg', dark: 'file:a.dark.svg' }" });
		assert.deepEqual(checkIcons(good, read), [
			'dist/nodes/A/A.node.js: icon file:a.dark.svg is not in the tarball at dist/nodes/A/a.dark.svg',
		]);
	});
});

describe('source maps', () => {
	it('accepts maps whose sources are embedded, and names maps pointing at missing sources', () => {
		const files = ['dist/a.js', 'dist/a.js.map', 'dist/b.js.map'];
		const read = reader({
			'dist/a.js': 'x\n//# sourceMappingURL=a.js.map',
			'dist/a.js.map': JSON.stringify({ sources: ['../src/a.ts'], sourcesContent: ['x'] }),
			'dist/b.js.map': JSON.stringify({ sources: ['../src/b.ts'] }),
		});
		assert.deepEqual(checkSourceMaps(files, read), [
			'1 source map(s) point at sources neither in the tarball nor embedded, e.g. dist/b.js.map -> ../src/b.ts (turn sourceMap off in tsconfig.json, or set inlineSources)',
		]);
	});
	it('names a sourceMappingURL to a map that does not ship', () => {
		const read = reader({ 'dist/a.js': 'x\n//# sourceMappingURL=a.js.map\n' });
		assert.deepEqual(checkSourceMaps(['dist/a.js'], read), [
			'dist/a.js: its sourceMappingURL points at dist/a.js.map, which is not in the tarball',
		]);
	});
});

describe('secrets', () => {
	it('refuses secret-holding files by name and finds key shapes without repeating them', () => {
		const token = 'npm_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
		const read = reader({
			'dist/nodes/A/A.node.js': `const ok = 'https://api.example.com/v1';\nconst apiKey = "${'Z'.repeat(32)}";`,
			'README.md': `Use ${token} to publish\nhttps://user:hunter2@example.com/`,
		});
		const problems = findSecrets(['.npmrc', 'dist/.env', 'dist/nodes/A/A.node.js', 'README.md'], read);
		assert.deepEqual(problems, [
			'.npmrc: a file of this kind holds secrets and must not ship',
			'dist/.env: a file of this kind holds secrets and must not ship',
			'dist/nodes/A/A.node.js:2: looks like a secret (key assigned in code)',
			'README.md:1: looks like a secret (npm token)',
			'README.md:2: looks like a secret (credentials in a URL)',
		]);
		assert.ok(!problems.join('\n').includes(token));
	});
});

describe('package.json rules', () => {
	it('refuses runtime dependencies, other peers and install scripts', () => {
		assert.deepEqual(checkManifest({ peerDependencies: { 'n8n-workflow': '*' }, scripts: { build: 'tsc' } }), []);
		assert.deepEqual(
			checkManifest({ dependencies: { axios: '1' }, peerDependencies: { 'n8n-workflow': '*', ws: '8' }, scripts: { postinstall: 'node x' } }),
			[
				'package.json: runtime dependencies are not allowed in a verified node: axios',
				'package.json: the only peer dependency may be n8n-workflow, found ws',
				'package.json: a "postinstall" script runs on users\' machines at install; remove it',
			],
		);
	});
});
