/**
 * n8n 2.40.5 in queue mode on this machine: Redis, PostgreSQL, one main (`n8n start`, webhooks and the
 * REST API) and two `n8n worker` processes. Each n8n process has its own user folder with our package
 * installed as a community package (the E2E's N8nHome), as on separate machines; they share only the
 * encryption key, Redis and PostgreSQL. Binary data uses n8n's queue-mode default, the `database` mode:
 * every process reads every binary from PostgreSQL, so no folder has to be shared.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nodeBin, n8nBin, N8N_2, ensureInstalled } from '../../e2e/lib/env';
import { freePort, N8nHome, RunningN8n, type CredentialImport } from '../../e2e/lib/n8n';
import type { Workflow } from '../../e2e/lib/workflow';
import { recordWorkdir, startManaged, stopManaged, waitFor, WORKDIR_FILE, type Managed } from './processes';
import { startPostgres, startRedis, type Service } from './services';

export const BINARY_DATA_MODE = 'database';
/** Jobs each worker runs at once (`n8n worker --concurrency`). */
export const WORKER_CONCURRENCY = 2;

export interface WorkerProcess {
	name: string;
	home: N8nHome;
	process: Managed;
	healthPort: number;
}

export class QueueCluster {
	private tmp = '';
	private redis?: Service;
	private postgres?: Service;
	private homes: N8nHome[] = [];
	main?: { home: N8nHome; process: Managed; server: RunningN8n };
	workers: WorkerProcess[] = [];
	private sharedEnv: Record<string, string> = {};

	/**
	 * `single` is the comparison run: one regular-mode n8n (SQLite, filesystem binaries) running the
	 * executions itself, at most `singleConcurrency` production executions at once.
	 */
	constructor(private readonly mode: 'queue' | 'single' = 'queue', private readonly singleConcurrency = 2 * WORKER_CONCURRENCY) {}

	async start(opts: { credentials: CredentialImport[]; workflows: Workflow[]; log: (m: string) => void }): Promise<void> {
		await ensureInstalled(N8N_2, opts.log);
		this.tmp = mkdtempSync(path.join(os.tmpdir(), 'modulate-queue-'));
		recordWorkdir(this.tmp);
		if (this.mode === 'single') {
			this.sharedEnv = { N8N_CONCURRENCY_PRODUCTION_LIMIT: String(this.singleConcurrency), EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all', N8N_RUNNERS_MODE: 'internal' };
			await this.startMain(opts);
			return;
		}
		const [redis, postgres] = await Promise.all([startRedis(path.join(this.tmp, 'redis')), startPostgres(this.tmp)]);
		this.redis = redis;
		this.postgres = postgres;
		opts.log(`redis on ${redis.port}, postgres on ${postgres.port}`);
		this.sharedEnv = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: 'postgres',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			N8N_DEFAULT_BINARY_DATA_MODE: BINARY_DATA_MODE,
			// Every execution's data is kept, so the tests read what each node produced.
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '60',
			N8N_RUNNERS_MODE: 'internal',
		};
		// The migrations run with the imports, so the workers start beside main, not after it.
		await this.startMain(opts, async () => {
			await Promise.all([this.startWorker('worker-1'), this.startWorker('worker-2')]);
		});
		opts.log('two workers ready');
	}

	/** Imports, then starts main (and `beside`, once the imports are done), activates the webhook workflows. */
	private async startMain(opts: { credentials: CredentialImport[]; workflows: Workflow[]; log: (m: string) => void }, beside?: () => Promise<void>): Promise<void> {
		const mainHome = this.newHome();
		// The imports run the migrations once, before any long-running process starts.
		await mainHome.importCredentials(opts.credentials);
		const imported = await mainHome.cli(['import:workflow', '--separate', `--input=${writeWorkflows(mainHome, opts.workflows)}`]);
		if (imported.code !== 0) throw new Error(`import:workflow failed (${imported.code}):\n${imported.stdout.slice(-3000)}\n${imported.stderr.slice(-3000)}`);
		const active = opts.workflows.filter((w) => w.active);
		const port = await freePort();
		const mainProc = startManaged(this.mode === 'single' ? 'single-process-n8n' : 'n8n-main', nodeBin(N8N_2), [n8nBin(N8N_2), 'start'], {
			cwd: mainHome.dir,
			env: await mainHome.env({
				N8N_PORT: String(port),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: 'localhost',
				N8N_EDITOR_BASE_URL: `http://localhost:${port}`,
				N8N_WEBHOOK_URL: `http://localhost:${port}/`,
			}),
		});
		const server = new RunningN8n(`http://localhost:${port}`, port, mainProc.child, mainProc.output);
		const besideDone = beside?.();
		besideDone?.catch(() => undefined); // awaited below; main failing first must not leave it unhandled
		await waitFor('n8n main to be ready', async () => {
			if (!mainProc.isRunning()) throw new Error(`n8n main exited:\n${mainProc.output().slice(-3000)}`);
			const ok = await fetch(`${server.url}/healthz/readiness`).then((r) => r.ok, () => false);
			return ok && (await fetch(`${server.url}/rest/settings`).then((r) => r.ok, () => false));
		}, 240_000, 500);
		this.main = { home: mainHome, process: mainProc, server };
		await server.setupOwner();
		opts.log(`n8n main ready on ${port}`);
		for (const wf of active) await activate(server, wf.id);
		// Main registers the webhooks after it reports ready; a CORS preflight answers once a path is known.
		for (const wf of active) {
			for (const hook of wf.nodes.filter((n) => n.type === 'n8n-nodes-base.webhook')) {
				const url = `${server.url}/webhook/${String(hook.parameters.path)}`;
				await waitFor(`the webhook ${url} to be registered`, async () => {
					const r = await fetch(url, { method: 'OPTIONS', headers: { origin: server.url, 'access-control-request-method': 'POST' } }).catch(() => undefined);
					return r !== undefined && r.ok;
				}, 120_000, 500);
			}
		}
		opts.log(`published ${active.length} webhook workflows`);
		await besideDone;
	}

	private newHome(): N8nHome {
		const home = new N8nHome(N8N_2, { parent: this.tmp, env: this.sharedEnv });
		this.homes.push(home);
		return home;
	}

	async startWorker(name: string): Promise<WorkerProcess> {
		const home = this.newHome();
		const healthPort = await freePort();
		const proc = startManaged(`n8n-${name}`, nodeBin(N8N_2), [n8nBin(N8N_2), 'worker', `--concurrency=${WORKER_CONCURRENCY}`], {
			cwd: home.dir,
			env: await home.env({ QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }),
		});
		const w = { name, home, process: proc, healthPort };
		// Listed at once, so that a stop() during its start-up takes it down too.
		this.workers = [...this.workers.filter((x) => x.name !== name), w];
		await waitFor(`n8n ${name} to be ready`, async () => {
			if (!proc.isRunning()) throw new Error(`n8n ${name} exited:\n${proc.output().slice(-3000)}`);
			return /n8n worker is now ready/.test(proc.output()) && (await fetch(`http://127.0.0.1:${healthPort}/healthz/readiness`).then((r) => r.ok, () => false));
		}, 240_000, 500);
		return w;
	}

	private replacing?: Promise<unknown>;

	/**
	 * Starts a worker in place of a stopped one without waiting for it: the next case waits (`ready()`),
	 * the last case's clean-up does not.
	 */
	replaceWorker(name: string): void {
		const started = this.startWorker(name);
		started.catch(() => undefined); // reported by ready(); a stop during start-up is no failure
		this.replacing = started;
	}

	/** Resolves when every worker is up (after a replaceWorker). */
	async ready(): Promise<void> {
		const pending = this.replacing;
		this.replacing = undefined;
		await pending;
	}

	/** Which worker ran which execution, from each worker's "Worker started execution <id>" log line. */
	executionsByWorker(): Map<string, string[]> {
		const result = new Map<string, string[]>();
		for (const w of this.workers) {
			const ids = [...w.process.output().matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]);
			result.set(w.name, ids);
		}
		return result;
	}

	workerOf(executionId: string): string | undefined {
		for (const [name, ids] of this.executionsByWorker()) if (ids.includes(executionId)) return name;
		return undefined;
	}

	webhookUrl(pathName: string): string {
		return `${this.main!.server.url}/webhook/${pathName}`;
	}

	async stop(): Promise<void> {
		// Workers first (they would otherwise log lost Redis connections), then main, then the services.
		await Promise.all(this.workers.map(async (w) => await stopManaged(w.process, 'SIGTERM', 30_000)));
		if (this.main) await stopManaged(this.main.process, 'SIGTERM', 30_000);
		await Promise.all([this.redis?.stop(), this.postgres?.stop()]);
		for (const h of this.homes) await h.dispose();
		if (this.tmp && process.env.MODULATE_E2E_KEEP !== '1') rmSync(this.tmp, { recursive: true, force: true });
		rmSync(WORKDIR_FILE, { force: true });
	}
}

/** Publishes a workflow (n8n 2.x: activates its current version), so main registers its production webhook. */
async function activate(server: RunningN8n, id: string): Promise<void> {
	const wf = await server.rest<{ data?: { versionId?: string } }>('GET', `/workflows/${id}`);
	if (wf.status !== 200 || !wf.body.data?.versionId) throw new Error(`GET /rest/workflows/${id} HTTP ${wf.status}: ${JSON.stringify(wf.body).slice(0, 500)}`);
	const r = await server.rest('POST', `/workflows/${id}/activate`, { versionId: wf.body.data.versionId });
	if (r.status !== 200) throw new Error(`activating workflow ${id}: HTTP ${r.status}: ${JSON.stringify(r.body).slice(0, 800)}`);
}

function writeWorkflows(home: N8nHome, workflows: Workflow[]): string {
	const folder = path.join(home.dir, 'queue-workflows');
	mkdirSync(folder, { recursive: true });
	for (const wf of workflows) writeFileSync(path.join(folder, `${wf.id}.json`), JSON.stringify(wf, null, 2));
	return folder;
}
