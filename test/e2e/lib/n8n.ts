/**
 * One isolated real-n8n "home" (a fresh N8N_USER_FOLDER) with our package installed as a community
 * package, plus the CLI commands the E2E tests need (import credentials/workflows, execute) and a
 * started editor/REST server (`start()`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, n8nBin, nodeBin, type N8nTarget } from './env';

export const ENCRYPTION_KEY = 'modulate-e2e-fixed-encryption-key-0001';
export const PACKAGE_NAME = 'n8n-nodes-modulate';

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
	ms: number;
}

export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

/** Copies package.json + dist/ (never node_modules) to `dest`: what `npm install n8n-nodes-modulate` would leave. */
export function copyPackage(dest: string, source = packageSource()): void {
	rmSync(dest, { recursive: true, force: true });
	mkdirSync(dest, { recursive: true });
	cpSync(path.join(source, 'package.json'), path.join(dest, 'package.json'));
	cpSync(path.join(source, 'dist'), path.join(dest, 'dist'), { recursive: true });
	if (existsSync(path.join(source, 'index.js'))) cpSync(path.join(source, 'index.js'), path.join(dest, 'index.js'));
}

/** The package folder to install: the repo (after `npm run build`), or MODULATE_E2E_PACKAGE_DIR (harness self-tests). */
export function packageSource(): string {
	return process.env.MODULATE_E2E_PACKAGE_DIR ?? REPO_ROOT;
}

export interface N8nHomeOptions {
	/** Keep the folder after dispose() (for debugging); also when MODULATE_E2E_KEEP=1. */
	keep?: boolean;
	/** Extra environment for every n8n process of this home. */
	env?: Record<string, string>;
	/** Where to create the user folder (default: the OS temp dir). */
	parent?: string;
	/** Use this folder as the user folder (kept between runs; `npm run dev`) instead of a fresh temp dir. */
	fixedDir?: string;
}

interface StartOptions {
	port?: number;
	env?: Record<string, string>;
	timeoutMs?: number;
	log?: (line: string) => void;
}

export class N8nHome {
	readonly dir: string;
	readonly packageDir: string;
	private brokerPort = 0;
	private cliRuns = 0;
	private children = new Set<ChildProcess>();

	constructor(
		readonly target: N8nTarget,
		private readonly opts: N8nHomeOptions = {},
	) {
		const parent = opts.parent ?? os.tmpdir();
		mkdirSync(parent, { recursive: true });
		if (opts.fixedDir) mkdirSync(opts.fixedDir, { recursive: true });
		this.dir = opts.fixedDir ?? mkdtempSync(path.join(parent, `n8n-${target.version}-`));
		this.packageDir = path.join(this.dir, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
		// n8n looks for the community packages folder's own package.json.
		mkdirSync(path.join(this.dir, '.n8n', 'nodes'), { recursive: true });
		writeFileSync(
			path.join(this.dir, '.n8n', 'nodes', 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: '*' } }, null, 2),
		);
		copyPackage(this.packageDir);
	}

	/** Re-copies the built package (after `npm run build`). */
	refreshPackage(): void {
		copyPackage(this.packageDir);
	}

	async env(extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
		if (!this.brokerPort) this.brokerPort = await freePort();
		const env: NodeJS.ProcessEnv = {};
		// A clean environment: nothing of npm's or tsx's leaks into n8n.
		for (const k of ['HOME', 'LANG', 'TZ', 'TMPDIR', 'USER']) if (process.env[k]) env[k] = process.env[k];
		Object.assign(env, {
			PATH: `${path.dirname(nodeBin(this.target))}:${process.env.PATH ?? '/usr/bin:/bin'}`,
			N8N_USER_FOLDER: this.dir,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			DB_SQLITE_POOL_SIZE: '2',
			GENERIC_TIMEZONE: 'UTC',
			...this.opts.env,
			...extra,
		});
		return env;
	}

	/**
	 * Runs one n8n CLI command to completion. Its stdout and stderr go to files, read once the process has
	 * exited: `execute --rawOutput` prints megabytes on n8n 1.x (binaries inline as base64), and a pipe read
	 * up to the 'exit' event is cut short whenever the machine is too busy to drain it in time.
	 */
	async cli(args: string[], opts: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CliResult> {
		for (let attempt = 1; ; attempt++) {
			const r = await this.cliOnce(args, opts);
			// The broker port was free when picked, but another process may have taken it since.
			if (r.code === 0 || attempt === 3 || !/EADDRINUSE/.test(r.stdout + r.stderr)) return r;
			this.brokerPort = 0;
		}
	}

	private async cliOnce(args: string[], opts: { timeoutMs?: number; env?: Record<string, string> }): Promise<CliResult> {
		const env = await this.env(opts.env);
		const started = Date.now();
		const base = path.join(this.dir, `cli-${++this.cliRuns}-${args[0].replace(/[^a-z]/gi, '_')}`);
		const outFd = openSync(`${base}.stdout`, 'w');
		const errFd = openSync(`${base}.stderr`, 'w');
		const code = await new Promise<number | null>((resolve, reject) => {
			const child = spawn(nodeBin(this.target), [n8nBin(this.target), ...args], {
				env,
				cwd: this.dir,
				stdio: ['ignore', outFd, errFd],
				detached: true,
			});
			this.children.add(child);
			const timer = setTimeout(() => {
				appendFileSync(`${base}.stderr`, `\n[harness] n8n ${args[0]} timed out after ${opts.timeoutMs} ms; killed\n`);
				killGroup(child, 'SIGKILL');
			}, opts.timeoutMs ?? 180_000);
			child.on('error', (e) => {
				clearTimeout(timer);
				reject(e);
			});
			child.on('exit', (exitCode) => {
				clearTimeout(timer);
				this.children.delete(child);
				// The task runner may outlive the main process by a moment: take the group down.
				killGroup(child, 'SIGKILL');
				resolve(exitCode);
			});
		}).finally(() => {
			closeSync(outFd);
			closeSync(errFd);
		});
		return { code, stdout: readFileSync(`${base}.stdout`, 'utf8'), stderr: readFileSync(`${base}.stderr`, 'utf8'), ms: Date.now() - started };
	}

	async importCredentials(creds: CredentialImport[]): Promise<CliResult> {
		const file = path.join(this.dir, `credentials-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(creds, null, 2));
		const r = await this.cli(['import:credentials', `--input=${file}`]);
		if (r.code !== 0) throw new Error(`import:credentials failed (${r.code}):\n${tail(r.stdout + r.stderr)}`);
		return r;
	}

	/** Imports workflows (each must carry an `id`) in one n8n start, from a folder of files. */
	async importWorkflows(workflows: Array<Record<string, unknown>>): Promise<CliResult> {
		const folder = path.join(this.dir, `workflows-${Date.now()}`);
		mkdirSync(folder, { recursive: true });
		workflows.forEach((wf, i) => writeFileSync(path.join(folder, `${i}-${String(wf.id)}.json`), JSON.stringify(wf, null, 2)));
		const r = await this.cli(['import:workflow', '--separate', `--input=${folder}`]);
		if (r.code !== 0) throw new Error(`import:workflow failed (${r.code}):\n${tail(r.stdout + r.stderr)}`);
		return r;
	}

	/** `n8n execute --id=<id> --rawOutput`; parses the execution JSON out of the mixed log/JSON stdout. */
	async execute(id: string, opts: { timeoutMs?: number } = {}): Promise<ExecuteResult> {
		const r = await this.cli(['execute', `--id=${id}`, '--rawOutput'], { timeoutMs: opts.timeoutMs ?? 240_000 });
		return { ...r, data: extractExecutionJson(r.stdout) };
	}

	/** Starts `n8n start` (editor + REST) on a free port; resolves when /healthz answers. */
	async start(opts: StartOptions = {}): Promise<RunningN8n> {
		for (let attempt = 1; ; attempt++) {
			try {
				return await this.startOnce(opts);
			} catch (e) {
				// A port picked free may be taken by another process before n8n binds it: pick new ones.
				if (opts.port !== undefined || attempt === 3 || !/EADDRINUSE/.test(String(e))) throw e;
				this.brokerPort = 0;
			}
		}
	}

	private async startOnce(opts: StartOptions): Promise<RunningN8n> {
		const port = opts.port ?? (await freePort());
		const env = await this.env({
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: 'localhost',
			N8N_EDITOR_BASE_URL: `http://localhost:${port}`,
			...opts.env,
		});
		const child = spawn(nodeBin(this.target), [n8nBin(this.target), 'start'], {
			env,
			cwd: this.dir,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		this.children.add(child);
		let output = '';
		const onData = (d: Buffer) => {
			output += d.toString();
			if (opts.log) for (const line of d.toString().split('\n')) if (line.trim()) opts.log(line);
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		let exited = false;
		child.on('exit', () => {
			exited = true;
			this.children.delete(child);
		});
		const url = `http://localhost:${port}`;
		const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
		for (;;) {
			if (exited) throw new Error(`n8n start exited early:\n${tail(output)}`);
			if (Date.now() > deadline) {
				killGroup(child, 'SIGKILL');
				throw new Error(`n8n start did not become healthy:\n${tail(output)}`);
			}
			try {
				const res = await fetch(`${url}/healthz/readiness`).catch(() => fetch(`${url}/healthz`));
				if (res.ok) {
					// /healthz can answer before the REST routes are mounted: wait for settings too.
					const s = await fetch(`${url}/rest/settings`);
					if (s.ok) break;
				}
			} catch {
				/* not up yet */
			}
			await new Promise((r) => setTimeout(r, 500));
		}
		return new RunningN8n(url, port, child, () => output);
	}

	async dispose(): Promise<void> {
		for (const c of this.children) killGroup(c, 'SIGKILL');
		this.children.clear();
		if (!this.opts.keep && !this.opts.fixedDir && process.env.MODULATE_E2E_KEEP !== '1') rmSync(this.dir, { recursive: true, force: true });
	}
}

export interface ExecuteResult extends CliResult {
	/** The parsed execution result (`--rawOutput`), or undefined when none was printed. */
	data: ExecutionData | undefined;
}

/** The part of n8n's IRun JSON that the tests read. */
export interface ExecutionData {
	data?: {
		resultData?: {
			runData?: Record<string, Array<NodeRun>>;
			error?: { message?: string; description?: string; httpCode?: string | number; node?: { name?: string }; [k: string]: unknown };
			lastNodeExecuted?: string;
		};
	};
	status?: string;
	finished?: boolean;
	[k: string]: unknown;
}

export interface NodeRun {
	error?: { message?: string; description?: string; httpCode?: string | number; [k: string]: unknown };
	/** Execution hints the node added (addExecutionHints), as n8n keeps them in the run data. */
	hints?: Array<{ message: string; type?: string; location?: string }>;
	executionStatus?: string;
	data?: { main?: Array<Array<OutItem> | null> };
}

export interface OutItem {
	json: Record<string, any>;
	binary?: Record<string, { mimeType?: string; fileName?: string; fileSize?: string; fileExtension?: string; id?: string; data?: string; [k: string]: unknown }>;
	pairedItem?: { item: number; input?: number } | Array<{ item: number }> | number;
	error?: unknown;
}

/**
 * `--rawOutput` prints the run as JSON, mixed with n8n's log lines on the same stdout. Find the last
 * top-level JSON object that parses and looks like a run (has `data` or `status`).
 */
export function extractExecutionJson(stdout: string): ExecutionData | undefined {
	const lines = stdout.split('\n');
	for (let start = 0; start < lines.length; start++) {
		if (!/^\s*\{\s*$|^\{/.test(lines[start])) continue;
		// Try the longest candidate from this line that parses.
		for (let end = lines.length; end > start; end--) {
			if (!/^\s*\}\s*$|\}\s*$/.test(lines[end - 1])) continue;
			const chunk = lines.slice(start, end).join('\n');
			try {
				const parsed = JSON.parse(chunk) as ExecutionData;
				if (parsed && typeof parsed === 'object' && ('data' in parsed || 'status' in parsed)) return parsed;
			} catch {
				/* keep looking */
			}
		}
	}
	return undefined;
}

/** Output items of a node's first run, output index `output`. */
export function nodeOutput(run: ExecutionData | undefined, nodeName: string, output = 0): OutItem[] {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	if (!runs?.length) return [];
	return runs[0].data?.main?.[output] ?? [];
}

export function nodeRuns(run: ExecutionData | undefined, nodeName: string): NodeRun[] {
	return run?.data?.resultData?.runData?.[nodeName] ?? [];
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		/* already gone */
	}
}

export function tail(s: string, lines = 40): string {
	return s.split('\n').slice(-lines).join('\n');
}

/** The started editor/REST server of one home, with the REST calls the tests use. */
export class RunningN8n {
	private cookie = '';
	readonly browserId = 'modulate-e2e-browser';
	readonly owner = { email: 'e2e@example.com', firstName: 'E2E', lastName: 'Owner', password: 'Modulate-e2e-1' };

	constructor(
		readonly url: string,
		readonly port: number,
		private readonly child: ChildProcess,
		readonly output: () => string,
	) {}

	async rest<T = unknown>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
		const res = await fetch(`${this.url}/rest${route}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = res.headers.getSetCookie?.() ?? [];
		const auth = setCookie.find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		const text = await res.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			/* not JSON */
		}
		return { status: res.status, body: parsed as T };
	}

	/** Creates the owner account (first start) and keeps the auth cookie. */
	async setupOwner(): Promise<void> {
		const r = await this.rest('POST', '/owner/setup', this.owner);
		if (r.status !== 200) {
			// Already set up (e.g. a reused folder): log in instead.
			await this.login();
		}
	}

	async login(): Promise<void> {
		const attempts = [
			{ emailOrLdapLoginId: this.owner.email, password: this.owner.password },
			{ email: this.owner.email, password: this.owner.password },
		];
		for (const body of attempts) {
			const r = await this.rest('POST', '/login', body);
			if (r.status === 200) return;
		}
		throw new Error('login to n8n failed');
	}

	/** POST /rest/credentials: stores a credential owned by the logged-in user; returns its id. */
	async createCredential(type: string, data: Record<string, unknown>, name = `e2e ${type} ${Date.now()}`): Promise<string> {
		const r = await this.rest<{ data?: { id: string } }>('POST', '/credentials', { name, type, data });
		if (r.status !== 200 || !r.body?.data?.id) throw new Error(`create credential HTTP ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
		return r.body.data.id;
	}

	/**
	 * The editor's "Test" button: POST /rest/credentials/test. n8n 1.x only tests a stored credential
	 * (it merges the stored secret in), so the credential is created first, then tested by id.
	 */
	async testCredential(type: string, data: Record<string, unknown>, name = `e2e ${type} ${Date.now()}`): Promise<{ status: string; message: string }> {
		const id = await this.createCredential(type, data, name);
		const r = await this.rest<{ data?: { status: string; message: string } }>('POST', '/credentials/test', {
			credentials: { id, name, type, data },
		});
		if (r.status !== 200 || !r.body?.data) throw new Error(`credentials/test HTTP ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
		return r.body.data;
	}

	async stop(): Promise<void> {
		if (this.child.exitCode !== null || this.child.signalCode !== null) return;
		await new Promise<void>((resolve) => {
			const t = setTimeout(() => {
				killGroup(this.child, 'SIGKILL');
				resolve();
			}, 10_000);
			this.child.once('exit', () => {
				clearTimeout(t);
				killGroup(this.child, 'SIGKILL');
				resolve();
			});
			killGroup(this.child, 'SIGTERM');
		});
	}
}

export function readJson<T = unknown>(file: string): T {
	return JSON.parse(readFileSync(file, 'utf8')) as T;
}
