/**
 * Shared state of the Modulate emulator: who may call, what faults to inject, and what was received.
 * Every API area (batch HTTP, Platform, WebSocket streaming) reads and writes this one object, so a
 * test configures the whole emulator in one place and inspects one request log.
 */

/** How the emulator treats one Models API key (header X-API-Key, or the WS `api_key` query). */
export interface ModelsKeyConfig {
	/** Models (path names such as `velma-2-stt-batch`) this key's organization may not use: 403. */
	disabledModels?: string[];
	/** Credits / monthly quota used up: 429 with a credits detail on every model. */
	quotaExhausted?: boolean;
	/** Concurrent requests allowed per model for this key; over it the request fails at once. */
	concurrency?: number;
}

/** One Platform API account (headers `accountuuid` + `apikey`). */
export interface PlatformAccountConfig {
	accountUuid: string;
	apiKey: string;
	/** Concurrent Platform requests allowed for this account (submit + status). */
	concurrency?: number;
	quotaExhausted?: boolean;
	/** `estimated_processing_time` in this account's submit answers (false: none); wins over `platformEstimate`. */
	estimate?: string | number | false;
}

/** What a fault does to one request. */
export type FaultKind =
	| 'status500'
	| 'status502'
	| 'status503'
	| 'status504'
	| 'html502' // an HTML page from a proxy in front of the API, status 502
	| 'reset' // the TCP connection is destroyed before any answer
	| 'slow' // the answer is held for `slowMs` before it is sent
	| 'concurrent429' // a 429 that names the concurrent limit, as if the limit were hit
	| 'stall' // streaming: stop answering, keep the socket open
	| 'drop' // streaming: destroy the socket mid-stream
	| 'error4003' // streaming: an `error` frame then close 4003 mid-stream
	| 'close1011' // streaming: close 1011 mid-stream
	// Broken answers from a server or proxy that misbehaves:
	| 'text200' // 200 with a plain-text body
	| 'badJson200' // 200 labelled JSON whose body does not parse
	| 'empty200' // 200 with `{}` (no required field)
	| 'truncated200' // 200 whose body stops half-way: Content-Length promises more, then the socket is destroyed
	| 'echoKey400' // 400 whose detail echoes the caller's key, URL-encoded and base64-encoded
	| 'dropAfterCreate'; // Platform submit: the job is created, then the connection drops before the answer

export interface FaultConfig {
	/** Added to every answer, in ms (batch: before the answer; streaming: per result). */
	latencyMs?: number;
	/** Probability per request (0..1) of each fault; drawn from a seeded PRNG so runs repeat. */
	rates?: Partial<Record<FaultKind, number>>;
	/** Faults applied, in order, to the next requests that match `scriptPath` (or any path); consumed. */
	script?: FaultKind[];
	/** Only requests whose path contains this string consume `script` entries. */
	scriptPath?: string;
	/** Seconds sent as `Retry-After` on 429/503 answers; null sends no header. */
	retryAfterSeconds?: number | null;
	/** How long `slow` holds an answer, in ms. */
	slowMs?: number;
	/** Seed for the PRNG behind `rates`. */
	seed?: number;
}

export interface RecordedFilePart {
	field: string;
	fileName: string;
	contentType: string;
	size: number;
	sha256: string;
}

export interface RecordedRequest {
	id: number;
	surface: 'models' | 'platform' | 'streaming' | 'control';
	method: string;
	path: string;
	query: Record<string, string>;
	/** Lower-cased header names. Auth headers are kept so tests can check what was sent. */
	headers: Record<string, string>;
	/** Multipart text fields, or the parsed JSON body (Platform), as received. */
	fields: Record<string, unknown>;
	files: RecordedFilePart[];
	/** Streaming only: text frames received (first-frame config, the final ""), and binary byte count. */
	textFrames?: string[];
	binaryBytes?: number;
	/** Status sent (HTTP) or close code (WebSocket); 0 for a reset / drop. */
	status: number;
	/**
	 * Batch HTTP: true while the request is being handled (logged on arrival, `status` 0 until the
	 * answer); removed when it is answered, reset, or the client leaves.
	 */
	pending?: boolean;
	/** The fault applied, if any. */
	fault?: FaultKind;
	startedAt: number;
	endedAt: number;
}

export interface EmulatorConfig {
	/** Models API keys: key string → config. A key not listed is invalid. */
	modelsKeys: Record<string, ModelsKeyConfig>;
	/** Platform accounts. */
	platformAccounts: PlatformAccountConfig[];
	faults: FaultConfig;
	/**
	 * How a bad key is refused, as Modulate's doc versions differ:
	 * HTTP '401' (default) or '403'; WebSocket close 4003 (default) or 4001.
	 */
	badKeyHttpStatus: 401 | 403;
	badKeyWsCloseCode: 4001 | 4003;
	/** Per-model processing time in ms for batch answers (default: `faults.latencyMs` or 0). */
	processingMs?: Record<string, number>;
	/** Platform: how long a job stays `processing` after it is complete-able, in ms. */
	platformJobMs?: number;
	/**
	 * Platform: `estimated_processing_time` sent in submit answers (a human string such as "3-5 seconds",
	 * or a number); not sent when unset or null. An account's own `estimate` wins.
	 */
	platformEstimate?: string | number | null;
	/** Platform: or, how many status polls before `completed` (wins over time when set). */
	platformJobPolls?: number;
	/**
	 * STT batch: how a disabled enrichment (emotion, accent, deepfake_score; speaker without
	 * diarization) is sent, as doc versions differ: `null` (default) or left out ('omit').
	 */
	disabledFieldStyle?: 'null' | 'omit';
	/**
	 * PII/PHI tag style, as doc versions differ: 'xml' (default) `<pii:name>John</pii:name>` when
	 * tagging and `<pii:name></pii:name>` when redacting; or 'bracket', `[FIRSTNAME]` in both cases.
	 */
	piiTagStyle?: 'xml' | 'bracket';
	/**
	 * Reject audio whose content does not match its extension (a `.wav` without a RIFF header, an
	 * `.mp3` without MPEG frames) with the spec's 400 "could not be processed". Off by default, so
	 * tests may upload a few arbitrary bytes as `x.wav`.
	 */
	strictAudio?: boolean;
	/**
	 * Batch HTTP: hold every accepted request (after validation, before processing) until `count` of them
	 * are held, then release them all at once; one use, then the gate is gone. Proves requests are in
	 * flight together without timing: a client that sends them one after another never opens the gate,
	 * and its held request is answered 504 after `timeoutMs` (default 60 s) and counted in `gateTimeouts`.
	 */
	gate?: { count: number; timeoutMs?: number };
}

export const DEFAULT_MODELS_KEY = 'mk_test_valid_4f1c9a7e2b';
export const DEFAULT_PLATFORM_ACCOUNT: PlatformAccountConfig = {
	accountUuid: '6f0b8a52-1d9e-4c1a-9a7b-2f5e3c4d1a00',
	apiKey: 'pk_test_valid_93ad01e7c5',
};

export function defaultConfig(): EmulatorConfig {
	return {
		modelsKeys: { [DEFAULT_MODELS_KEY]: {} },
		platformAccounts: [{ ...DEFAULT_PLATFORM_ACCOUNT }],
		faults: { retryAfterSeconds: null, slowMs: 2000, seed: 1 },
		badKeyHttpStatus: 401,
		badKeyWsCloseCode: 4003,
		platformJobMs: 3000,
	};
}

/** A small seeded PRNG (mulberry32), so fault rates repeat run to run. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export class EmulatorState {
	config: EmulatorConfig = defaultConfig();
	requests: RecordedRequest[] = [];
	private nextId = 1;
	private random = seededRandom(1);
	/** In-flight counts by `${credential}|${model}`. */
	private inflight = new Map<string, number>();
	/** Highest in-flight count seen per `${credential}|${model}`, for concurrency assertions. */
	peakInflight = new Map<string, number>();
	/** Requests held by the gate, as their release functions. */
	private held: Array<() => void> = [];
	/** How many requests each gate opening released (`config.gate`). */
	gateOpenings: number[] = [];
	/** Requests the gate answered 504 because it never opened. */
	gateTimeouts = 0;

	/** Merge a partial config in (faults merged one level deep). */
	configure(partial: Partial<EmulatorConfig>): void {
		const faults = partial.faults ? { ...this.config.faults, ...partial.faults } : this.config.faults;
		this.config = { ...this.config, ...partial, faults };
		if (partial.faults?.seed !== undefined) this.random = seededRandom(partial.faults.seed);
	}

	reset(): void {
		this.config = defaultConfig();
		this.requests = [];
		this.inflight.clear();
		this.peakInflight.clear();
		this.random = seededRandom(1);
		for (const release of this.held.splice(0)) release();
		this.gateOpenings = [];
		this.gateTimeouts = 0;
	}

	/**
	 * Join the gate, if one is set: undefined when there is none, else a promise that resolves when the
	 * gate opens. The request that fills the gate opens it for everyone held.
	 */
	enterGate(): { opened: Promise<void>; leave: () => void } | undefined {
		const gate = this.config.gate;
		if (!gate || gate.count <= 0) return undefined;
		let release: () => void = () => undefined;
		const opened = new Promise<void>((resolve) => {
			release = resolve;
			this.held.push(resolve);
		});
		if (this.held.length >= gate.count) {
			this.config = { ...this.config, gate: undefined };
			const released = this.held.splice(0);
			this.gateOpenings.push(released.length);
			for (const open of released) open();
		}
		// A request that gives up waiting no longer counts towards the gate.
		return { opened, leave: () => (this.held = this.held.filter((held) => held !== release)) };
	}

	record(entry: Omit<RecordedRequest, 'id'>): RecordedRequest {
		const recorded = { ...entry, id: this.nextId++ };
		this.requests.push(recorded);
		return recorded;
	}

	/** The fault for one request: a scripted one first, else one drawn from the rates. */
	drawFault(path: string, allowed: FaultKind[]): FaultKind | undefined {
		const f = this.config.faults;
		if (f.script?.length && (!f.scriptPath || path.includes(f.scriptPath))) {
			const next = f.script[0];
			if (allowed.includes(next)) {
				f.script = f.script.slice(1);
				return next;
			}
		}
		for (const kind of allowed) {
			const rate = f.rates?.[kind];
			if (rate && this.random() < rate) return kind;
		}
		return undefined;
	}

	/** Take a concurrency slot; false when the limit is reached (the caller answers the limit error). */
	acquire(credential: string, model: string, limit: number | undefined): boolean {
		const key = `${credential}|${model}`;
		const current = this.inflight.get(key) ?? 0;
		if (limit !== undefined && current >= limit) return false;
		this.inflight.set(key, current + 1);
		this.peakInflight.set(key, Math.max(this.peakInflight.get(key) ?? 0, current + 1));
		return true;
	}

	release(credential: string, model: string): void {
		const key = `${credential}|${model}`;
		this.inflight.set(key, Math.max(0, (this.inflight.get(key) ?? 1) - 1));
	}
}
