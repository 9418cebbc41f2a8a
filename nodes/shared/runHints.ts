/**
 * Execution hints: what one run of a node showed about its setup that the user can fix, shown by n8n
 * above the node's output. The transport and the wait loop note facts here as they happen; the node's
 * router turns them into hints when the run ends. Facts are kept per execution context (n8n creates one
 * per node run, and per tool call of an agent), so lower layers never read UI parameters to count.
 */
import type { IExecuteFunctions, NodeExecutionHint } from 'n8n-workflow';
import type { ErrorCategory } from './transport/classify';

interface RunFacts {
	concurrencyRetries: number;
	jobsWaitedOn: number;
}

const factsByContext = new WeakMap<object, RunFacts>();

/**
 * Beyond this many jobs, one execution is the wrong place to wait for them all: every result is held
 * until the slowest job ends, n8n saves the whole run as one record at the end, a restart of n8n in
 * between loses every wait (a re-run submits, and pays for, the jobs again), and without continue-on-fail
 * one failed job fails them all. 50 is a judgement, not a limit of Modulate or n8n: small enough that
 * a lost run is cheap to redo, large enough that ordinary batches never see the hint.
 */
export const MANY_JOBS_FOR_ONE_WAIT = 50;

function factsOf(ctx: object): RunFacts {
	let facts = factsByContext.get(ctx);
	if (!facts) {
		facts = { concurrencyRetries: 0, jobsWaitedOn: 0 };
		factsByContext.set(ctx, facts);
	}
	return facts;
}

/** A request about to be retried; only the concurrent limit says something about the node's settings. */
export function noteRetry(ctx: object, category: ErrorCategory): void {
	if (category === 'concurrencyLimit') factsOf(ctx).concurrencyRetries++;
}

export function noteJobsWaitedOn(ctx: object, count: number): void {
	factsOf(ctx).jobsWaitedOn += count;
}

/** The hints this run earned, from its facts and the node's settings. */
export function runHints(ctx: IExecuteFunctions): NodeExecutionHint[] {
	const facts = factsByContext.get(ctx) ?? { concurrencyRetries: 0, jobsWaitedOn: 0 };
	const hints: NodeExecutionHint[] = [];
	if (facts.concurrencyRetries > 0) {
		const times = facts.concurrencyRetries === 1 ? 'once' : `${facts.concurrencyRetries} times`;
		hints.push({
			type: 'warning',
			location: 'outputPane',
			message: `Modulate refused a request at its concurrent limit ${times} in this run, and the node retried. Lower "Max Concurrent Requests" (Options) to your organization's limit for this model, or ask Modulate to raise it.`,
		});
	}
	if (ctx.getNode().retryOnFail === true) {
		hints.push({
			type: 'warning',
			location: 'outputPane',
			message:
				'"Retry On Fail" is on in this node\'s settings: n8n then re-runs the whole node on any error, re-sending items that cannot succeed (rejected key, unsupported file, no credits) and, for Platform jobs, submitting them again. The node already retries transient failures itself ("Max Retries" in Options); turn "Retry On Fail" off.',
		});
	}
	if (facts.jobsWaitedOn > MANY_JOBS_FOR_ONE_WAIT) {
		hints.push({
			type: 'info',
			location: 'outputPane',
			message: `This run waited for ${facts.jobsWaitedOn} jobs at once (more than ${MANY_JOBS_FOR_ONE_WAIT}). Every result is held until the slowest job ends, and a restart of n8n loses all the waits. Submit in batches (Loop Over Items), or submit without waiting and collect results with the Wait node loop.`,
		});
	}
	return hints;
}

/** Hands the run's hints to n8n; the guard is for n8n versions whose contexts lack addExecutionHints. */
export function addRunHints(ctx: IExecuteFunctions): void {
	const hints = runHints(ctx);
	factsByContext.delete(ctx);
	if (hints.length && typeof ctx.addExecutionHints === 'function') ctx.addExecutionHints(...hints);
}
