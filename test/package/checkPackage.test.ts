/**
 * `npm run check:package` end to end, on a built copy of the package in a temp folder (never the real
 * tree): the copy passes as it is, and fails, naming the file and the cause, once a node calls setTimeout
 * or package.json's "files" ships a test.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const REPO = join(__dirname, '..', '..');
const PACKAGE_FILES = ['package.json', 'README.md', 'LICENSE.md', 'index.js', 'tsconfig.json', 'gulpfile.js', 'nodes', 'credentials'];
const run = promisify(execFile);
const temps: string[] = [];

interface CheckRun {
	code: number;
	output: string;
}

function copyOf(from: string): string {
	const dir = mkdtempSync(join(tmpdir(), 'check-package-test-'));
	temps.push(dir);
	cpSync(from, dir, { recursive: true, filter: (src) => !src.endsWith('node_modules') });
	symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
	return dir;
}

async function checkPackage(dir: string): Promise<CheckRun> {
	const script = join(REPO, 'scripts', 'check-package.ts');
	try {
		const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, '--dir', dir], { cwd: REPO, maxBuffer: 16 << 20 });
		return { code: 0, output: stdout + stderr };
	} catch (error) {
		const failed = error as { code: number; stdout: string; stderr: string };
		return { code: failed.code, output: failed.stdout + failed.stderr };
	}
}

let built: string;

beforeAll(async () => {
	const source = mkdtempSync(join(tmpdir(), 'check-package-src-'));
	temps.push(source);
	for (const entry of PACKAGE_FILES) cpSync(join(REPO, entry), join(source, entry), { recursive: true });
	built = copyOf(source);
	await run('npm', ['run', 'build', '--silent'], { cwd: built });
}, 300_000);

afterAll(() => {
	for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('npm run check:package', () => {
	it('passes on the package as it is', async () => {
		const { code, output } = await checkPackage(copyOf(built));
		assert.equal(code, 0, output);
		assert.match(output, /check:package: passed/);
	}, 300_000);

	it('fails when a node file calls setTimeout, on both the source and the built tarball', async () => {
		const dir = copyOf(built);
		const timer = '\nexport const later = () => setTimeout(() => undefined, 0);\n';
		appendFileSync(join(dir, 'nodes/Modulate/Modulate.node.ts'), timer);
		appendFileSync(join(dir, 'dist/nodes/Modulate/Modulate.node.js'), timer.replace('export const', 'exports.later ='));
		const { code, output } = await checkPackage(dir);
		assert.equal(code, 1, output);
		assert.match(output, /✗ n8n scanner \(source\)/);
		assert.match(output, /✗ n8n scanner \(tarball\)/);
		assert.match(output, /nodes\/Modulate\/Modulate\.node\.ts[\s\S]*setTimeout/);
		assert.match(output, /dist\/nodes\/Modulate\/Modulate\.node\.js[\s\S]*setTimeout/);
		assert.match(output, /✓ tarball contents/);
	}, 300_000);

	it('fails when package.json "files" ships a test file', async () => {
		const dir = copyOf(built);
		cpSync(join(REPO, 'test/platform/polling.test.ts'), join(dir, 'test/platform/polling.test.ts'), { recursive: true });
		const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { files: string[] };
		manifest.files.push('test/platform/polling.test.ts');
		writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
		const { code, output } = await checkPackage(dir);
		assert.equal(code, 1, output);
		assert.match(output, /✗ tarball contents/);
		assert.match(output, /- test\/platform\/polling\.test\.ts: development file in the tarball \(take it out of package\.json "files"\)/);
	}, 300_000);
});
