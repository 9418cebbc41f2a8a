/**
 * How many requests one execution sends to one model at once. Modulate's concurrent limit is per
 * organization and per model, is published nowhere, and a request over it is refused at once instead of
 * queueing; so in Auto mode the window finds the limit by itself:
 *
 * - It starts at 2 and grows by one each time a request sent at the top of the window succeeds: the
 *   server took that many at once, so one more may fit. Growth is one per round trip, so at most one
 *   request at a time is sent above what the server has been seen to take (one refusal to find a limit).
 * - A request refused while `n` of ours are in flight (itself included) says the limit is below `n`:
 *   the window drops to `n - 1` (not halved: halving would give up throughput the server did grant).
 * - Once a limit is learned, the window tries one more (a probe) only after several windows' worth of
 *   successes; a probe that is refused waits twice as long for the next one, one that lasts as long
 *   without a refusal becomes the learned limit. Limits rarely change within an execution, and every
 *   probe costs a refused request.
 *
 * Fixed mode keeps the window at the user's number. The queue is first in, first out, except that a
 * refused request goes back to its front: it is the oldest one waiting.
 */

export type ConcurrencyMode = 'auto' | 'fixed';

export interface ConcurrencySetting {
	mode: ConcurrencyMode;
	/** Auto: the ceiling the window never passes. Fixed: the window. */
	max: number;
	/** Auto: the window to start from (default AUTO_START_WINDOW), for requests known to be cheap to refuse. */
	start?: number;
}

/** A slot in the window; `level` is how many of ours were in flight when it was granted, itself included. */
export interface Permit {
	level: number;
}

export const AUTO_START_WINDOW = 2;
/** Successes needed before the first probe above a learned limit, in windows. */
const PROBE_AFTER_WINDOWS = 4;

export class ConcurrencyLimiter {
	private window: number;
	private inFlight = 0;
	private readonly waiting: Array<(permit: Permit) => void> = [];
	/** The highest count the server is known to take; undefined until a refusal teaches it. */
	private learnedLimit?: number;
	private successesSinceRefusal = 0;
	private probeAfter = 0;
	/** Refusals this limiter was told about, for logs and benchmarks. */
	refusals = 0;
	peakInFlight = 0;

	constructor(readonly setting: ConcurrencySetting) {
		const max = Math.max(1, Math.floor(setting.max) || 1);
		this.setting = { ...setting, max };
		this.window = setting.mode === 'fixed' ? max : Math.min(max, Math.max(1, Math.floor(setting.start ?? AUTO_START_WINDOW) || 1));
	}

	get adaptive(): boolean {
		return this.setting.mode === 'auto';
	}

	/** The number of requests currently allowed in flight. */
	get current(): number {
		return this.window;
	}

	/** Waits for a slot. `retrying`: a refused request, which goes before the ones that never ran. */
	async acquire(retrying = false): Promise<Permit> {
		if (this.inFlight < this.window && this.waiting.length === 0) return this.grant();
		return await new Promise<Permit>((resolve) => {
			if (retrying) this.waiting.unshift(resolve);
			else this.waiting.push(resolve);
		});
	}

	/** The request was answered (not refused for the limit): the server took `level` at once. */
	succeeded(permit: Permit): void {
		this.inFlight--;
		if (this.adaptive) this.grow(permit.level);
		this.pump();
	}

	/**
	 * The server refused the request for its concurrent limit. Returns how many of ours were in flight
	 * when the refusal came, itself included: 1 means the limit is taken by someone else.
	 */
	refused(_permit: Permit): number {
		// Counted now, not when the slot was granted: an upload takes time, and requests granted after this
		// one may have reached the server first. Now is close to when the server counted.
		const inFlight = this.inFlight;
		this.inFlight--;
		this.refusals++;
		if (this.adaptive) {
			const bound = Math.max(1, inFlight - 1);
			if (this.learnedLimit !== undefined && bound >= this.learnedLimit) {
				// a probe above the learned limit was refused: probe half as often
				if (this.window > this.learnedLimit) this.probeAfter *= 2;
			} else {
				this.probeAfter = PROBE_AFTER_WINDOWS * bound;
				this.learnedLimit = bound;
			}
			this.window = Math.min(this.window, this.learnedLimit);
			this.successesSinceRefusal = 0;
		}
		this.pump();
		return inFlight;
	}

	/** Any other ending (another failure, cancellation): the slot is free, the window is unchanged. */
	released(): void {
		this.inFlight--;
		this.pump();
	}

	private grow(level: number): void {
		const { max } = this.setting;
		if (this.learnedLimit === undefined) {
			if (level >= this.window) this.window = Math.min(max, level + 1);
			return;
		}
		// Above a learned limit only probes raise the window: a success's level overstates what the server
		// held (answers it sent may not be read yet), so it proves nothing there.
		this.successesSinceRefusal++;
		if (this.successesSinceRefusal < this.probeAfter) return;
		this.successesSinceRefusal = 0;
		// a probe that went that long without a refusal: the server takes that many
		if (this.window > this.learnedLimit) this.learnedLimit = this.window;
		if (this.window < max) this.window++;
	}

	private grant(): Permit {
		this.inFlight++;
		this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
		return { level: this.inFlight };
	}

	private pump(): void {
		while (this.inFlight < this.window && this.waiting.length > 0) {
			const next = this.waiting.shift()!;
			next(this.grant());
		}
	}
}

/** One limiter per execution and per key (credential and model), so each model gets its own window. */
const limiters = new WeakMap<object, Map<string, ConcurrencyLimiter>>();

/**
 * The limiter of `execution` (the node's execute context) for `key`; created with `setting` by the first
 * request that asks, so every item of an execution shares it (as it shares the first item's options).
 */
export function limiterFor(execution: object, key: string, setting: ConcurrencySetting): ConcurrencyLimiter {
	let byKey = limiters.get(execution);
	if (!byKey) {
		byKey = new Map();
		limiters.set(execution, byKey);
	}
	let limiter = byKey.get(key);
	if (!limiter) {
		limiter = new ConcurrencyLimiter(setting);
		byKey.set(key, limiter);
	}
	return limiter;
}
