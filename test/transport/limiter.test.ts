/**
 * The concurrency window (transport/limiter.ts) against a fake server with a concurrent limit. Time is
 * rounds, driven by the test: in each round the server answers every request it accepted, then the
 * clients send what the window lets through (a refusal is answered at once, as Modulate does).
 */
import assert from 'node:assert/strict';
import { ConcurrencyLimiter } from '../../nodes/shared/transport/limiter';
import type { ConcurrencySetting } from '../../nodes/shared/transport/limiter';

/** Lets every pending promise callback run (no timer involved). */
async function settle(): Promise<void> {
	for (let i = 0; i < 20; i++) await Promise.resolve();
}

class FakeServer {
	inflight = 0;
	peak = 0;
	refused = 0;
	private answers: Array<() => void> = [];
	constructor(public limit: number) {}

	/** 'refused' at once over the limit; else a promise the next round resolves. */
	request(): 'refused' | Promise<void> {
		if (this.inflight >= this.limit) {
			this.refused++;
			return 'refused';
		}
		this.inflight++;
		this.peak = Math.max(this.peak, this.inflight);
		return new Promise<void>((resolve) => this.answers.push(resolve));
	}

	/** Answers every accepted request. */
	answerAll(): number {
		const answers = this.answers;
		this.answers = [];
		this.inflight -= answers.length;
		for (const answer of answers) answer();
		return answers.length;
	}
}

interface Run {
	rounds: number;
	done: number[];
	server: FakeServer;
	limiter: ConcurrencyLimiter;
	/** The window after each round. */
	windows: number[];
	/** Free sends again after a refusal, per task. */
	requeues: number[];
}

async function simulate(setting: ConcurrencySetting, serverLimit: number, tasks: number): Promise<Run> {
	const limiter = new ConcurrencyLimiter(setting);
	const server = new FakeServer(serverLimit);
	const done: number[] = [];
	const requeues = new Array<number>(tasks).fill(0);
	let overCeiling = false;
	const task = async (i: number) => {
		for (let retrying = false; ; retrying = true) {
			const permit = await limiter.acquire(retrying);
			if (permit.level > setting.max) overCeiling = true;
			const answer = server.request();
			if (answer === 'refused') {
				limiter.refused(permit);
				requeues[i]++;
				continue;
			}
			await answer;
			limiter.succeeded(permit);
			done.push(i);
			return;
		}
	};
	const all = Promise.all(Array.from({ length: tasks }, (_, i) => task(i)));
	const windows: number[] = [];
	let rounds = 0;
	await settle();
	while (done.length < tasks) {
		assert.ok(rounds < tasks * 4, 'the run does not finish');
		rounds++;
		server.answerAll();
		await settle();
		windows.push(limiter.current);
	}
	await all;
	assert.equal(overCeiling, false, 'a permit was granted above the ceiling');
	return { rounds, done, server, limiter, windows, requeues };
}

describe('concurrency window (Auto)', () => {
	it('finds a limit of 4 below a ceiling of 16: every task once, few refusals, close to the ideal rounds', async () => {
		const run = await simulate({ mode: 'auto', max: 16 }, 4, 40);
		assert.deepEqual([...run.done].sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i));
		assert.equal(run.server.peak, 4);
		// one refusal finds the limit; probes above it are rare
		assert.ok(run.server.refused <= 3, `refusals: ${run.server.refused}`);
		// ideal: 10 rounds; the start at 2 and the climb cost a few
		assert.ok(run.rounds <= 13, `rounds: ${run.rounds}`);
		assert.equal(run.windows.at(-1), 4);
	});

	it('grows one per round while every request succeeds, and stops at the ceiling', async () => {
		const run = await simulate({ mode: 'auto', max: 6 }, 100, 60);
		assert.equal(run.server.refused, 0);
		assert.equal(run.server.peak, 6);
		assert.deepEqual(run.windows.slice(0, 5), [3, 4, 5, 6, 6]);
		assert.equal(run.limiter.peakInFlight, 6);
	});

	it('never exceeds a ceiling below the limit, and never gets a refusal', async () => {
		const run = await simulate({ mode: 'auto', max: 3 }, 4, 30);
		assert.equal(run.server.refused, 0);
		assert.equal(run.server.peak, 3);
	});

	it('with a limit of 1, still finishes every task', async () => {
		const run = await simulate({ mode: 'auto', max: 16 }, 1, 12);
		assert.equal(run.done.length, 12);
		assert.equal(run.server.peak, 1);
		// one refusal to learn the limit, then a probe after 4 and after 8 successes
		assert.ok(run.server.refused <= 3, `refusals: ${run.server.refused}`);
	});

	/** A slot taken and given back as if it had been granted with `level` in flight. */
	const answered = async (limiter: ConcurrencyLimiter, level: number, refused = false) => {
		await limiter.acquire();
		if (refused) limiter.refused({ level });
		else limiter.succeeded({ level });
	};

	/** Takes `count` slots at once (the window must allow them). */
	const hold = async (limiter: ConcurrencyLimiter, count: number) =>
		await Promise.all(Array.from({ length: count }, async () => await limiter.acquire()));

	it('drops the window to one below the count in flight when refused, not by half', async () => {
		const limiter = new ConcurrencyLimiter({ mode: 'auto', max: 16 });
		for (let level = 2; level <= 8; level++) await answered(limiter, level);
		assert.equal(limiter.current, 9);
		const permits = await hold(limiter, 9);
		assert.equal(limiter.refused(permits[8]), 9);
		assert.equal(limiter.current, 8);
		// counted when the refusal comes, not when the slot was granted
		assert.equal(limiter.refused(permits[0]), 8);
		assert.equal(limiter.current, 7);
		for (let i = 1; i < 8; i++) limiter.released();
	});

	it('probes above a learned limit only after several windows of successes, twice as late after a refused probe', async () => {
		const limiter = new ConcurrencyLimiter({ mode: 'auto', max: 16 });
		for (const level of [2, 3, 4]) await answered(limiter, level);
		assert.equal(limiter.current, 5);
		const refuseWithFiveInFlight = async () => {
			const permits = await hold(limiter, 5);
			limiter.refused(permits[4]);
			for (let i = 0; i < 4; i++) limiter.released();
		};
		await refuseWithFiveInFlight(); // learned: the server takes 4
		assert.equal(limiter.current, 4);
		const successesUntil = async (window: number) => {
			let successes = 0;
			while (limiter.current !== window) {
				await answered(limiter, 4);
				successes++;
				assert.ok(successes < 100);
			}
			return successes;
		};
		assert.equal(await successesUntil(5), 16); // 4 windows of 4, then a probe
		await refuseWithFiveInFlight(); // the probe is refused
		assert.equal(limiter.current, 4);
		assert.equal(await successesUntil(5), 32); // twice as late
		// this probe lasts as long without a refusal: 5 is learned and the next probe is 6
		assert.equal(await successesUntil(6), 32);
	});

	it('gives a refused request the next free slot, before requests that never ran', async () => {
		const limiter = new ConcurrencyLimiter({ mode: 'fixed', max: 1 });
		const first = await limiter.acquire();
		const order: string[] = [];
		const fresh = limiter.acquire().then(() => order.push('fresh'));
		const again = limiter.acquire(true).then(() => order.push('refused before'));
		limiter.released();
		await settle();
		assert.deepEqual(order, ['refused before']);
		limiter.released();
		await Promise.all([fresh, again]);
		assert.deepEqual(order, ['refused before', 'fresh']);
		void first;
	});
});

describe('concurrency window (Fixed)', () => {
	it('keeps the number set whatever the server answers', async () => {
		const limiter = new ConcurrencyLimiter({ mode: 'fixed', max: 8 });
		await limiter.acquire();
		limiter.refused({ level: 8 });
		await limiter.acquire();
		limiter.succeeded({ level: 8 });
		assert.equal(limiter.current, 8);
		const permits = await Promise.all(Array.from({ length: 8 }, async () => await limiter.acquire()));
		assert.deepEqual(
			permits.map((p) => p.level),
			[1, 2, 3, 4, 5, 6, 7, 8],
		);
	});
});
