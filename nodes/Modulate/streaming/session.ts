/**
 * One streaming attempt: open the socket, send the optional first-frame config, stream the audio with
 * back-pressure and optional real-time pacing, send the empty text frame, and hand every message to the
 * operation's collector until it has what it needs (`done`, and for PII the trailing clip). Failures are
 * returned as outcomes (classified by closeCodes.ts) for the retry loop; nothing here throws on purpose.
 *
 * No timers: n8n's lint forbids the timer globals in nodes, so waiting uses n8n-workflow's `sleep` in slices,
 * woken early by socket events.
 */
import { sleep } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';
import { classifyInvalidAnswer } from '../../shared/transport/classify';
import type { ClassifiedError, FailureContext } from '../../shared/transport/classify';
import { CANCELLED } from '../../shared/transport/retry';
import type { Outcome } from '../../shared/transport/retry';
import { scrubSecrets } from '../../shared/transport/secrets';
import { classifyCloseCode, idleFailure } from './closeCodes';
import type { WebSocketConstructor, WebSocketLike } from './websocket';
import { WS_OPEN } from './websocket';

/** What an operation does with the server's messages. A new collector is made for every attempt. */
export interface StreamCollector {
	/** A JSON message other than `error`. */
	onMessage(message: IDataObject): void;
	/** A binary frame (PII: an MP3 clip). */
	onBinary(data: Buffer): void;
	/** True once everything expected has arrived (after `done`). */
	isComplete(): boolean;
}

export interface SessionOptions {
	/** The full URL, key included: never logged, never put in a message. */
	url: string;
	secrets: string[];
	configFrame?: string;
	payload: () => AsyncIterable<Buffer>;
	/** Real-time pacing: audio bytes per second, or undefined for as fast as the socket takes it. */
	paceBytesPerSecond?: number;
	idleTimeoutMs: number;
	/** Above this many unsent bytes, sending waits (keeps memory bounded on a slow link). */
	highWaterBytes: number;
	signal?: AbortSignal;
	context: FailureContext;
	collector: StreamCollector;
	/** When set, every message is appended here (binary frames as `{type: 'binary', bytes}`). */
	events?: IDataObject[];
	WebSocket: WebSocketConstructor;
}

export interface SessionStats {
	bytesSent: number;
	messages: number;
}

const WAIT_SLICE_MS = 50;
const DRAIN_SLICE_MS = 2;

function toBuffer(data: unknown): Buffer | undefined {
	if (Buffer.isBuffer(data)) return data;
	if (data instanceof ArrayBuffer) return Buffer.from(data);
	if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
	return undefined;
}

export async function runSession(options: SessionOptions): Promise<Outcome<SessionStats>> {
	let ws: WebSocketLike;
	try {
		ws = new options.WebSocket(options.url);
	} catch (error) {
		const text = scrubSecrets(String((error as Error)?.message ?? error), options.secrets);
		return {
			ok: false,
			failure: {
				category: 'badRequest',
				retryable: false,
				cause: 'the streaming URL could not be built',
				fix: 'Check the Base URL in the Modulate API credential (e.g. https://platform.modulate.ai).',
				detail: text,
			},
		};
	}
	const socket = new Socket(ws, options);

	const openState = await socket.waitFor(() => socket.opened);
	if (openState !== 'done') return socket.stop(openState);

	if (options.configFrame !== undefined) ws.send(options.configFrame);

	let sent: Outcome<number> | undefined;
	try {
		sent = await socket.sendAudio();
	} finally {
		// The audio failed on its own side (a URL download cut off): its error goes up; the session ends.
		if (!sent) socket.closeQuietly();
	}
	if (!sent.ok) return sent;
	if (socket.closed) return socket.closedFailure();
	ws.send('');
	socket.lastActivity = Date.now();

	const { collector } = options;
	const endState = await socket.waitFor(() => collector.isComplete() || socket.protocolProblem !== undefined);
	if (endState !== 'done') return socket.stop(endState);
	if (socket.protocolProblem && !collector.isComplete()) {
		return socket.fail(classifyInvalidAnswer(socket.protocolProblem, options.context, socket.protocolProblem));
	}
	socket.closeQuietly();
	return { ok: true, value: { bytesSent: sent.value, messages: socket.messages } };
}

type WaitEnd = 'done' | 'closed' | 'cancelled' | 'idle';

/** One open socket: what it has seen, and the waits that wake on its events. */
class Socket {
	opened = false;
	closed: { code: number; reason: string } | undefined;
	lastActivity = Date.now();
	messages = 0;
	protocolProblem: string | undefined;
	private readonly errorFrames: string[] = [];
	private wake: () => void = () => undefined;
	private woken: Promise<void>;

	constructor(
		private readonly ws: WebSocketLike,
		private readonly options: SessionOptions,
	) {
		this.woken = new Promise<void>((resolve) => (this.wake = resolve));
		ws.binaryType = 'arraybuffer';
		ws.addEventListener('open', () => {
			this.opened = true;
			this.notify();
		});
		ws.addEventListener('message', (event) => this.onMessage(event.data));
		ws.addEventListener('close', (event) => {
			this.closed = { code: event.code, reason: event.reason ?? '' };
			this.notify();
		});
		ws.addEventListener('error', () => this.notify());
	}

	private notify(): void {
		this.lastActivity = Date.now();
		this.wake();
		this.woken = new Promise<void>((resolve) => (this.wake = resolve));
	}

	private onMessage(data: unknown): void {
		const { collector, events } = this.options;
		this.messages++;
		if (typeof data === 'string') {
			let message: IDataObject;
			try {
				message = JSON.parse(data) as IDataObject;
			} catch {
				this.protocolProblem = `a text frame is not JSON: ${JSON.stringify(data.slice(0, 200))}`;
				this.notify();
				return;
			}
			events?.push(message);
			if (message.type === 'error') this.errorFrames.push(String(message.error ?? 'error'));
			else collector.onMessage(message);
		} else {
			const buffer = toBuffer(data);
			if (buffer) {
				events?.push({ type: 'binary', bytes: buffer.length });
				collector.onBinary(buffer);
			}
		}
		this.notify();
	}

	private get idle(): boolean {
		return Date.now() - this.lastActivity > this.options.idleTimeoutMs;
	}

	closeQuietly(): void {
		try {
			if (this.ws.readyState <= WS_OPEN) this.ws.close(1000);
		} catch {
			// already closing
		}
	}

	fail(f: ClassifiedError): Outcome<never> {
		this.closeQuietly();
		return { ok: false, failure: { ...f, detail: f.detail ? scrubSecrets(f.detail, this.options.secrets) : undefined } };
	}

	closedFailure(): Outcome<never> {
		const { code, reason } = this.closed!;
		return this.fail(classifyCloseCode({ code, reason, errorFrames: this.errorFrames, opened: this.opened }, this.options.context));
	}

	stop(why: Exclude<WaitEnd, 'done'>): Outcome<never> {
		if (why === 'cancelled') return this.fail(CANCELLED);
		if (why === 'idle') return this.fail(idleFailure(this.options.idleTimeoutMs));
		return this.closedFailure();
	}

	/** Waits until `done()` holds, the socket closes, the execution is cancelled, or the stream goes idle. */
	async waitFor(done: () => boolean): Promise<WaitEnd> {
		for (;;) {
			if (done()) return 'done';
			if (this.closed) return 'closed';
			if (this.options.signal?.aborted) return 'cancelled';
			if (this.idle) return 'idle';
			await Promise.race([this.woken, sleep(WAIT_SLICE_MS)]);
		}
	}

	/** Sends the audio with back-pressure and optional pacing; the number of bytes sent. */
	async sendAudio(): Promise<Outcome<number>> {
		const { options, ws } = this;
		let bytesSent = 0;
		const started = Date.now();
		const iterator = options.payload()[Symbol.asyncIterator]();
		try {
			for (;;) {
				const next = await iterator.next();
				if (next.done) break;
				const chunk = next.value;
				const drained = await this.drain();
				if (!drained.ok) return drained;
				if (options.paceBytesPerSecond) {
					const due = started + (bytesSent / options.paceBytesPerSecond) * 1000;
					while (Date.now() < due) {
						if (this.closed) return this.closedFailure();
						if (options.signal?.aborted) return this.fail(CANCELLED);
						await Promise.race([this.woken, sleep(Math.min(WAIT_SLICE_MS, due - Date.now()))]);
					}
				}
				if (this.closed) return this.closedFailure();
				if (options.signal?.aborted) return this.fail(CANCELLED);
				ws.send(chunk);
				bytesSent += chunk.length;
				if (ws.bufferedAmount <= options.highWaterBytes) this.lastActivity = Math.max(this.lastActivity, Date.now());
			}
		} finally {
			await iterator.return?.();
		}
		return { ok: true, value: bytesSent };
	}

	/** Back-pressure: waits while the socket holds too much unsent data; draining counts as activity. */
	private async drain(): Promise<Outcome<void>> {
		let pending = this.ws.bufferedAmount;
		while (pending > this.options.highWaterBytes) {
			if (this.closed) return this.closedFailure();
			if (this.options.signal?.aborted) return this.fail(CANCELLED);
			if (this.idle) return this.fail(idleFailure(this.options.idleTimeoutMs));
			await sleep(DRAIN_SLICE_MS);
			const now = this.ws.bufferedAmount;
			if (now < pending) this.lastActivity = Date.now();
			pending = now;
		}
		return { ok: true, value: undefined };
	}
}
