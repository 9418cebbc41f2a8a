/**
 * Redis and PostgreSQL for the queue-mode set-up, each on a free loopback port with its data under a
 * temporary folder. PostgreSQL refuses to run as root, so as root (the CI machine) initdb and the server
 * run as the `postgres` user that Debian's package creates.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort } from '../../e2e/lib/n8n';
import { logFile, startManaged, stopManaged, waitFor, type Managed } from './processes';

export interface Service {
	port: number;
	process: Managed;
	stop(): Promise<void>;
}

/** One exchange on a fresh TCP connection: sends `request`, resolves with what came back (or '' on error). */
async function tcpExchange(port: number, request: string): Promise<string> {
	return await new Promise((resolve) => {
		const s = net.connect(port, '127.0.0.1');
		let got = '';
		const done = () => {
			s.destroy();
			resolve(got);
		};
		s.setTimeout(2000, done);
		s.on('connect', () => s.write(request));
		s.on('data', (d) => {
			got += d.toString();
			done();
		});
		s.on('error', done);
	});
}

export async function startRedis(dataDir: string): Promise<Service> {
	mkdirSync(dataDir, { recursive: true });
	const port = await freePort();
	const proc = startManaged('redis', 'redis-server', [
		'--port', String(port),
		'--bind', '127.0.0.1',
		'--dir', dataDir,
		'--save', '',
		'--appendonly', 'no',
		'--daemonize', 'no',
	]);
	await waitFor('redis to answer PING', async () => {
		if (!proc.isRunning()) throw new Error(`redis-server exited; see ${proc.log}`);
		return (await tcpExchange(port, 'PING\r\n')).startsWith('+PONG');
	}, 60_000);
	return { port, process: proc, stop: async () => await stopManaged(proc, 'SIGTERM', 10_000) };
}

/** The newest /usr/lib/postgresql/<v>/bin with initdb (Debian's layout). */
export function postgresBinDir(): string {
	const root = '/usr/lib/postgresql';
	const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
	for (const v of versions) {
		const bin = path.join(root, v, 'bin');
		if (spawnSync(path.join(bin, 'initdb'), ['--version']).status === 0) return bin;
	}
	throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (scripts/queue-setup.sh installs them)');
}

function runAsIds(): { uid?: number; gid?: number } {
	if (process.getuid?.() !== 0) return {};
	const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
	return { uid, gid };
}

export async function startPostgres(baseDir: string): Promise<Service> {
	const bin = postgresBinDir();
	const ids = runAsIds();
	const dataDir = path.join(baseDir, 'pgdata');
	const socketDir = path.join(baseDir, 'pgsocket');
	mkdirSync(dataDir, { recursive: true });
	mkdirSync(socketDir, { recursive: true });
	if (ids.uid !== undefined && ids.gid !== undefined) {
		// The postgres user must reach its folders through the (root-owned) temp folder.
		chmodSync(baseDir, 0o755);
		chownSync(dataDir, ids.uid, ids.gid);
		chownSync(socketDir, ids.uid, ids.gid);
	}
	chmodSync(dataDir, 0o700);
	const init = spawnSync(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], { ...ids, encoding: 'utf8' });
	if (init.status !== 0) throw new Error(`initdb failed (${init.status}):\n${init.stdout}\n${init.stderr}\n(see ${logFile('postgres')})`);
	const port = await freePort();
	const proc = startManaged('postgres', path.join(bin, 'postgres'), [
		'-D', dataDir,
		'-p', String(port),
		'-k', socketDir,
		'-c', 'listen_addresses=127.0.0.1',
		// A throw-away test database: durability costs time and buys nothing here.
		'-c', 'fsync=off',
		'-c', 'synchronous_commit=off',
		'-c', 'full_page_writes=off',
		'-c', 'max_connections=200',
	], { ...ids });
	const isReady = path.join(bin, 'pg_isready');
	await waitFor('PostgreSQL to accept connections', () => {
		if (!proc.isRunning()) throw new Error(`postgres exited; see ${proc.log}`);
		return spawnSync(isReady, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres']).status === 0;
	}, 60_000);
	// SIGINT is PostgreSQL's "fast" shutdown: running sessions are ended, the server stops at once.
	return { port, process: proc, stop: async () => await stopManaged(proc, 'SIGINT', 15_000) };
}
