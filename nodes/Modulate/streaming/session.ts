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
	const { collector, signal } = options;
	const errorFrames: string[] = [];
	let opened = false;
	let closed: { code: number; reason: string } | undefined;
	let lastActivity = Date.now();
	let messages = 0;
	let protocolProblem: string | undefined;
	let wake: () => void = () => undefined;
	let woken = new Promise<void>((resolve) => (wake = resolve));
	const notify = () => {
		lastActivity = Date.now();
		wake();
		woken = new Promise<void>((resolve) => (wake = resolve));
	};

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
	ws.binaryType = 'arraybuffer';
	ws.addEventListener('open', () => {
		opened = true;
		notify();
	});
	ws.addEventListener('message', (event) => {
		messages++;
		if (typeof event.data === 'string') {
			let message: IDataObject;
			try {
				message = JSON.parse(event.data) as IDataObject;
			} catch {
				protocolProblem = `a text frame that is not JSON: ${event.data.slice(0, 200)}`;
				notify();
				return;
			}
			options.events?.push(message);
			if (message.type === 'error') errorFrames.push(String(message.error ?? 'error'));
			else collector.onMessage(message);
		} else {
			const data = toBuffer(event.data);
			if (data) {
				options.events?.push({ type: 'binary', bytes: data.length });
				collector.onBinary(data);
			}
		}
		notify();
	});
	ws.addEventListener('close', (event) => {
		closed = { code: event.code, reason: event.reason ?? '' };
		notify();
	});
	ws.addEventListener('error', () => notify());

	const closeQuietly = () => {
		try {
			if (ws.readyState <= WS_OPEN) ws.close(1000);
		} catch {
			// already closing
		}
	};
	const failure = (f: ClassifiedError): Outcome<SessionStats> => {
		closeQuietly();
		return { ok: false, failure: { ...f, detail: f.detail ? scrubSecrets(f.detail, options.secrets) : undefined } };
	};
	const closedFailure = () =>
		failure(classifyCloseCode({ code: closed!.code, reason: closed!.reason, errorFrames, opened }, options.context));

	/** Waits until `done()` holds, the socket closes, the execution is cancelled, or the stream goes idle. */
	const waitFor = async (done: () => boolean): Promise<'done' | 'closed' | 'cancelled' | 'idle'> => {
		for (;;) {
			if (done()) return 'done';
			if (closed) return 'closed';
			if (signal?.aborted) return 'cancelled';
			if (Date.now() - lastActivity > options.idleTimeoutMs) return 'idle';
			await Promise.race([woken, sleep(WAIT_SLICE_MS)]);
		}
	};
	const stop = (why: 'closed' | 'cancelled' | 'idle'): Outcome<SessionStats> => {
		if (why === 'cancelled') return failure(CANCELLED);
		if (why === 'idle') return failure(idleFailure(options.idleTimeoutMs));
		return closedFailure();
	};

	const openState = await waitFor(() => opened);
	if (openState !== 'done') return stop(openState);

	if (options.configFrame !== undefined) ws.send(options.configFrame);

	let bytesSent = 0;
	const started = Date.now();
	let pending = 0;
	const iterator = options.payload()[Symbol.asyncIterator]();
	try {
		for (;;) {
			const next = await iterator.next();
			if (next.done) break;
			const chunk = next.value;
			// Back-pressure: wait while the socket holds too much unsent data; draining counts as activity.
			pending = ws.bufferedAmount;
			while (pending > options.highWaterBytes) {
				if (closed) return closedFailure();
				if (signal?.aborted) return failure(CANCELLED);
				if (Date.now() - lastActivity > options.idleTimeoutMs) return failure(idleFailure(options.idleTimeoutMs));
				await sleep(DRAIN_SLICE_MS);
				const now = ws.bufferedAmount;
				if (now < pending) lastActivity = Date.now();
				pending = now;
			}
			if (options.paceBytesPerSecond) {
				const due = started + (bytesSent / options.paceBytesPerSecond) * 1000;
				while (Date.now() < due) {
					if (closed) return closedFailure();
					if (signal?.aborted) return failure(CANCELLED);
					await Promise.race([woken, sleep(Math.min(WAIT_SLICE_MS, due - Date.now()))]);
				}
			}
			if (closed) return closedFailure();
			if (signal?.aborted) return failure(CANCELLED);
			ws.send(chunk);
			bytesSent += chunk.length;
			if (ws.bufferedAmount <= options.highWaterBytes) lastActivity = Math.max(lastActivity, Date.now());
		}
	} finally {
		await iterator.return?.();
	}
	if (closed) return closedFailure();
	ws.send('');
	lastActivity = Date.now();

	const endState = await waitFor(() => collector.isComplete() || protocolProblem !== undefined);
	if (endState !== 'done') return stop(endState);
	if (protocolProblem && !collector.isComplete()) {
		return failure({
			category: 'unknown',
			retryable: false,
			cause: 'Modulate sent a message the node cannot read',
			fix: 'This is unexpected; please report it with the execution ID.',
			detail: protocolProblem,
		});
	}
	closeQuietly();
	return { ok: true, value: { bytesSent, messages } };
}
