/**
 * One HTTP request/answer of the emulator: reads the body, answers once, and records the exchange in
 * the shared request log just before the answer leaves (so a client that sees the answer also sees
 * the log entry). Also the emulator's clock: delays that end early when the client leaves or the
 * emulator closes, so tests never wait on stray timers.
 */
import type * as http from 'node:http';
import type { EmulatorState, FaultKind, RecordedFilePart, RecordedRequest } from './state';

export class Clock {
	private pending = new Set<{ timer: NodeJS.Timeout; done: (elapsed: boolean) => void }>();
	closed = false;

	/** Wait `ms`; resolves true when the time passed, false when aborted or the emulator closed. */
	delay(ms: number, signal?: AbortSignal): Promise<boolean> {
		if (this.closed || signal?.aborted) return Promise.resolve(false);
		if (ms <= 0) return Promise.resolve(true);
		return new Promise((resolve) => {
			const entry = {
				timer: setTimeout(() => entry.done(true), ms),
				done: (elapsed: boolean) => {
					clearTimeout(entry.timer);
					this.pending.delete(entry);
					signal?.removeEventListener('abort', onAbort);
					resolve(elapsed);
				},
			};
			const onAbort = () => entry.done(false);
			signal?.addEventListener('abort', onAbort, { once: true });
			this.pending.add(entry);
		});
	}

	close(): void {
		this.closed = true;
		for (const entry of [...this.pending]) entry.done(false);
	}
}

export interface BodyRead {
	body: Buffer;
	/** Bytes received beyond the cap and not kept. */
	dropped: number;
	total: number;
}

export class Exchange {
	readonly startedAt = Date.now();
	readonly url: URL;
	readonly path: string;
	readonly query: Record<string, string>;
	/** Aborted when the client leaves before the answer is complete. */
	readonly gone = new AbortController();
	fields: Record<string, unknown> = {};
	files: RecordedFilePart[] = [];
	private entry?: RecordedRequest;
	private faultKind?: FaultKind;
	private answered = false;

	/** The fault applied; shown in the log entry at once (a held request is logged with its fault). */
	get fault(): FaultKind | undefined {
		return this.faultKind;
	}
	set fault(kind: FaultKind | undefined) {
		this.faultKind = kind;
		if (this.entry && kind) this.entry.fault = kind;
	}

	constructor(
		readonly req: http.IncomingMessage,
		readonly res: http.ServerResponse,
		readonly state: EmulatorState,
		readonly surface: RecordedRequest['surface'],
		/** Control requests are not logged. */
		readonly recordIt = true,
	) {
		this.url = new URL(req.url ?? '/', 'http://emulator.local');
		this.path = this.url.pathname;
		this.query = Object.fromEntries(this.url.searchParams);
		res.on('close', () => {
			if (!res.writableFinished) {
				this.gone.abort();
				if (!this.answered) this.log(0); // the client left before any answer
				this.answered = true;
			}
		});
	}

	get done(): boolean {
		return this.answered;
	}

	header(name: string): string | undefined {
		const v = this.req.headers[name.toLowerCase()];
		return Array.isArray(v) ? v.join(', ') : v;
	}

	/** Read the whole body, keeping at most `cap` bytes. Undefined when the client left. */
	readBody(cap = Number.POSITIVE_INFINITY): Promise<BodyRead | undefined> {
		return new Promise((resolve) => {
			const chunks: Buffer[] = [];
			let kept = 0;
			let total = 0;
			let settled = false;
			const finish = (v: BodyRead | undefined) => {
				if (!settled) {
					settled = true;
					resolve(v);
				}
			};
			this.req.on('data', (chunk: Buffer) => {
				total += chunk.length;
				if (kept < cap) {
					const take = Math.min(chunk.length, cap - kept);
					chunks.push(take === chunk.length ? chunk : chunk.subarray(0, take));
					kept += take;
				}
			});
			this.req.on('end', () => finish({ body: Buffer.concat(chunks), dropped: total - kept, total }));
			this.req.on('error', () => finish(undefined));
			this.req.on('close', () => finish(this.req.complete ? { body: Buffer.concat(chunks), dropped: total - kept, total } : undefined));
		});
	}

	/**
	 * Log the request now, as pending (call once its body is read): a request is in the log from the
	 * moment it arrived, even while it is held (slow, processing) or after the client gave up.
	 */
	arrived(): void {
		if (!this.recordIt || this.entry || this.answered) return;
		const headers: Record<string, string> = {};
		for (const [k, v] of Object.entries(this.req.headers)) {
			if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
		}
		this.entry = this.state.record({
			surface: this.surface,
			method: this.req.method ?? 'GET',
			path: this.path,
			query: this.query,
			headers,
			fields: this.fields,
			files: this.files,
			status: 0,
			pending: true,
			startedAt: this.startedAt,
			endedAt: this.startedAt,
		});
	}

	/** Final status of the log entry (logging it first if it was not yet). */
	private log(status: number): void {
		if (!this.recordIt) return;
		this.arrived();
		const e = this.entry;
		if (!e) return;
		e.fields = this.fields;
		e.files = this.files;
		e.status = status;
		if (this.fault) e.fault = this.fault;
		e.endedAt = Date.now();
		delete e.pending;
	}

	send(status: number, contentType: string, body: Buffer | string, headers: Record<string, string> = {}): void {
		if (this.answered) return;
		this.answered = true;
		const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
		this.log(status);
		if (this.res.destroyed) return;
		this.res.writeHead(status, { 'content-type': contentType, 'content-length': String(buf.length), ...headers });
		this.res.end(buf);
	}

	/** JSON answer; 429 and 503 carry `Retry-After` when `faults.retryAfterSeconds` is a number. */
	json(status: number, body: unknown, headers: Record<string, string> = {}): void {
		const extra = { ...headers };
		const retryAfter = this.state.config.faults.retryAfterSeconds;
		if ((status === 429 || status === 503) && typeof retryAfter === 'number') extra['retry-after'] = String(retryAfter);
		this.send(status, 'application/json', JSON.stringify(body), extra);
	}

	/** Starts a 200 answer, sends half its body, then destroys the connection (recorded with status 0). */
	truncate(contentType: string, body: string): void {
		if (this.answered) return;
		this.answered = true;
		this.log(0);
		const buf = Buffer.from(body);
		this.res.writeHead(200, { 'content-type': contentType, 'content-length': String(buf.length) });
		this.res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => this.req.socket.destroy());
	}

	/** Destroy the connection without an answer (recorded with status 0). */
	reset(): void {
		if (this.answered) return;
		this.answered = true;
		this.log(0);
		this.req.socket.destroy();
	}
}

/** The HTTP faults every JSON surface (Models batch, Platform) can inject. */
export const HTTP_FAULTS: FaultKind[] = [
	'reset',
	'html502',
	'status500',
	'status502',
	'status503',
	'status504',
	'concurrent429',
	'slow',
	'text200',
	'badJson200',
	'empty200',
	'truncated200',
	'echoKey400',
];

/** A plausible full answer, cut or mangled by the broken-answer faults. */
const SAMPLE_ANSWER = JSON.stringify({ text: 'Thanks for calling, how can I help?', duration_ms: 2400, utterances: [] });

/** What a proxy in front of the API answers when the API is down. */
export const HTML_502 =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

export interface FaultAnswers {
	/** `detail` of the JSON 5xx answers. */
	serverDetail: Record<'status500' | 'status502' | 'status503' | 'status504', string>;
	/** The surface's own concurrent-limit answer (the synthetic-voice endpoint uses 403). */
	concurrent: { status: number; detail: string };
	/** Faults of this surface only, beyond HTTP_FAULTS; drawn here, acted on by the surface's handler. */
	ownFaults?: FaultKind[];
}

/** Applies the fault drawn for this request. True when the fault ended the request. */
export async function applyHttpFault(ex: Exchange, state: EmulatorState, clock: Clock, answers: FaultAnswers): Promise<boolean> {
	const fault = state.drawFault(ex.path, [...HTTP_FAULTS, ...(answers.ownFaults ?? [])]);
	if (!fault) return false;
	ex.fault = fault;
	switch (fault) {
		case 'reset':
			ex.reset();
			return true;
		case 'html502':
			ex.send(502, 'text/html', HTML_502);
			return true;
		case 'status500':
		case 'status502':
		case 'status503':
		case 'status504':
			ex.json(Number(fault.slice(6)), { detail: answers.serverDetail[fault] });
			return true;
		case 'concurrent429':
			ex.json(answers.concurrent.status, { detail: answers.concurrent.detail });
			return true;
		case 'slow':
			await clock.delay(state.config.faults.slowMs ?? 2000, ex.gone.signal);
			return ex.done;
		case 'text200':
			ex.send(200, 'text/plain', 'OK');
			return true;
		case 'badJson200':
			ex.send(200, 'application/json', SAMPLE_ANSWER.slice(0, 30));
			return true;
		case 'empty200':
			ex.json(200, {});
			return true;
		case 'truncated200':
			ex.truncate('application/json', SAMPLE_ANSWER);
			return true;
		case 'echoKey400': {
			const key = ex.header('x-api-key') ?? ex.header('apikey') ?? ex.query.api_key ?? '';
			ex.json(400, { detail: `Bad request for key ${encodeURIComponent(key)} (${Buffer.from(key).toString('base64')}).` });
			return true;
		}
		default:
			return false;
	}
}
