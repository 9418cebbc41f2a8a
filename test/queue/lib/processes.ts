/**
 * The long-running processes of the queue-mode set-up (Redis, PostgreSQL, n8n main and workers): each in
 * its own process group, its output in a file under test-output/queue/ (never a pipe: a busy machine
 * need not drain it), its pid listed in a file so that `npm run test:queue` can take down whatever a
 * crashed or interrupted Jest run left behind.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../e2e/lib/env';

export const QUEUE_OUTPUT = path.join(REPO_ROOT, 'test-output', 'queue');
export const PIDS_FILE = path.join(QUEUE_OUTPUT, 'pids.txt');
/** The temporary folder of the running set-up: short CLI runs (imports) work there, unlisted. */
export const WORKDIR_FILE = path.join(QUEUE_OUTPUT, 'workdir.txt');

export function recordWorkdir(dir: string): void {
	mkdirSync(QUEUE_OUTPUT, { recursive: true });
	writeFileSync(WORKDIR_FILE, dir);
}

/** Pids of the processes whose working directory is inside `dir` (Linux /proc). */
function processesIn(dir: string): number[] {
	const found: number[] = [];
	for (const entry of existsSync('/proc') ? readdirSync('/proc') : []) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
		try {
			const cwd = readlinkSync(`/proc/${entry}/cwd`);
			if (cwd === dir || cwd.startsWith(`${dir}/`)) found.push(Number(entry));
		} catch {
			/* gone, or not ours to read */
		}
	}
	return found;
}

export function logFile(name: string): string {
	mkdirSync(QUEUE_OUTPUT, { recursive: true });
	return path.join(QUEUE_OUTPUT, `${name}.log`);
}

/** Removes the logs of an earlier run whose names start with `prefix` (a restarted process appends to its own). */
export function resetLogs(prefix = ''): void {
	if (!existsSync(QUEUE_OUTPUT)) return;
	for (const f of readdirSync(QUEUE_OUTPUT)) if (f.endsWith('.log') && f.startsWith(prefix)) rmSync(path.join(QUEUE_OUTPUT, f), { force: true });
}

export interface Managed {
	name: string;
	child: ChildProcess;
	log: string;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	isRunning(): boolean;
	output(): string;
}

/** Starts `cmd` detached (own process group), stdout and stderr appended to test-output/queue/<name>.log. */
export function startManaged(name: string, cmd: string, args: string[], opts: SpawnOptions = {}): Managed {
	const log = logFile(name);
	const fd = openSync(log, 'a');
	appendFileSync(log, `\n[harness ${new Date().toISOString()}] ${cmd} ${args.join(' ')}\n`);
	const child = spawn(cmd, args, { ...opts, stdio: ['ignore', fd, fd], detached: true });
	closeSync(fd);
	let running = true;
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
		child.on('exit', (code, signal) => {
			running = false;
			// What the leader leaves behind in its group (n8n's task runner) goes with it, and its pid is
			// forgotten, so that a reused pid is never signalled later.
			if (child.pid !== undefined) {
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {
					/* nothing left */
				}
				forgetPid(child.pid);
			}
			resolve({ code, signal });
		});
		child.on('error', (e) => {
			running = false;
			appendFileSync(log, `[harness] spawn failed: ${String(e)}\n`);
			resolve({ code: -1, signal: null });
		});
	});
	if (child.pid !== undefined) appendFileSync(PIDS_FILE, `${child.pid} ${name}\n`);
	return { name, child, log, exited, isRunning: () => running, output: () => (existsSync(log) ? readFileSync(log, 'utf8') : '') };
}

export function signalGroup(p: Managed, signal: NodeJS.Signals): void {
	if (p.child.pid === undefined) return;
	try {
		process.kill(-p.child.pid, signal);
	} catch {
		/* already gone */
	}
}

/** SIGTERM (or `signal`) to the group, SIGKILL after `graceMs`; resolves when the process has exited. */
export async function stopManaged(p: Managed, signal: NodeJS.Signals = 'SIGTERM', graceMs = 20_000): Promise<void> {
	if (p.isRunning()) {
		signalGroup(p, signal);
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([p.exited, new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
		clearTimeout(timer);
	}
	// The leader did not stop in time: the whole group goes.
	signalGroup(p, 'SIGKILL');
	await p.exited;
}

function forgetPid(pid: number): void {
	if (!existsSync(PIDS_FILE)) return;
	const rest = readFileSync(PIDS_FILE, 'utf8').split('\n').filter((l) => l.trim() && l.split(/\s+/)[0] !== String(pid));
	writeFileSync(PIDS_FILE, rest.map((l) => `${l}\n`).join(''));
}

/**
 * Kills every process group listed in the pids file and every process working in the recorded temporary
 * folder (what an interrupted run left), removes that folder, and forgets them.
 */
export function killListed(): string[] {
	if (!existsSync(PIDS_FILE)) return [];
	const killed: string[] = [];
	for (const line of readFileSync(PIDS_FILE, 'utf8').split('\n')) {
		const [pid, name] = line.trim().split(/\s+/);
		if (!pid) continue;
		try {
			process.kill(-Number(pid), 'SIGKILL');
			killed.push(`${name} (${pid})`);
		} catch {
			/* gone */
		}
	}
	rmSync(PIDS_FILE, { force: true });
	if (existsSync(WORKDIR_FILE)) {
		const dir = readFileSync(WORKDIR_FILE, 'utf8').trim();
		if (dir.startsWith(`${os.tmpdir()}/`)) {
			for (const pid of processesIn(dir)) {
				try {
					process.kill(pid, 'SIGKILL');
					killed.push(`pid ${pid} in ${dir}`);
				} catch {
					/* gone */
				}
			}
			rmSync(dir, { recursive: true, force: true });
		}
		rmSync(WORKDIR_FILE, { force: true });
	}
	return killed;
}

/** Polls `check` until it returns a value (not undefined/false), up to `timeoutMs`; then throws with `what`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 120_000, everyMs = 250): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const v = await check();
		if (v !== undefined && v !== false) return v;
		if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
		await new Promise((r) => setTimeout(r, everyMs));
	}
}
