/**
 * An E2E case: one workflow, run once with `n8n execute` in real n8n, and the assertions on its output,
 * on what reached the emulator and on what was "posted" to the sink. Adding a case is one small file in
 * `test/e2e/cases/` that default-exports an `E2ECase` (or an array of them).
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { RunningEmulator, RecordedRequest } from '../../emulator';
import { DEFAULT_MODELS_KEY, DEFAULT_PLATFORM_ACCOUNT } from '../../emulator';
import type { N8nTarget } from './env';
import { nodeOutput, nodeRuns, type ExecuteResult, type OutItem } from './n8n';
import type { RunningSink } from './sink';
import type { Workflow } from './workflow';

/** Keys the E2E uses besides the emulator's defaults. None may ever show up in n8n's output. */
export const BAD_MODELS_KEY = 'mk_e2e_wrong_key_77aa1c';
export const QUOTA_MODELS_KEY = 'mk_e2e_quota_used_up_5b2d';
export const ALL_SECRETS = [DEFAULT_MODELS_KEY, BAD_MODELS_KEY, QUOTA_MODELS_KEY, DEFAULT_PLATFORM_ACCOUNT.apiKey];

export interface CaseContext {
	target: N8nTarget;
	emu: RunningEmulator;
	sink: RunningSink;
	/** Emulator requests recorded since this case started (control calls excluded). */
	requests(filter?: { surface?: RecordedRequest['surface']; path?: string }): RecordedRequest[];
	/** Sink records since this case started whose path starts with `prefix`. */
	posted(prefix: string): RunningSink['records'];
	/** Node types present in the built package (e.g. `modulate`, `modulatePlatform`). */
	nodeTypes: Set<string>;
}

export interface E2ECase {
	/** Workflow id (≤ 36 chars, unique across cases). */
	id: string;
	title: string;
	/** Operations this case runs, as `<node>.<operation>`: checked against the built nodes. */
	covers: string[];
	/** Node types the case needs; the case is skipped (with a note) when the package lacks one. */
	requires?: string[];
	/**
	 * Why the case cannot run with the package as built (e.g. a parameter it needs is missing), or
	 * undefined. Decided when the suite is defined, like `requires`; the reason goes to the suite's log.
	 */
	skipReason?(built: { nodeProperties: Map<string, string[]> }): string | undefined;
	/** Restrict to some n8n majors (default: all). */
	majors?: Array<'1' | '2'>;
	/** The run is expected to fail (exit code ≠ 0) — e.g. the continue-on-fail "off" path. */
	expectFailure?: boolean;
	timeoutMs?: number;
	workflow(ctx: Pick<CaseContext, 'sink' | 'emu' | 'target'>): Workflow;
	/** Emulator/sink configuration just before the run. */
	before?(ctx: CaseContext): void | Promise<void>;
	check(run: ExecuteResult, ctx: CaseContext): void | Promise<void>;
}

export function loadCases(dir = path.join(__dirname, '..', 'cases')): E2ECase[] {
	const cases: E2ECase[] = [];
	for (const f of readdirSync(dir).filter((x) => x.endsWith('.case.ts')).sort()) {
		const mod = require(path.join(dir, f)) as { default: E2ECase | E2ECase[] };
		const exported = mod.default;
		cases.push(...(Array.isArray(exported) ? exported : [exported]));
	}
	const ids = new Set<string>();
	for (const c of cases) {
		assert.ok(!ids.has(c.id), `duplicate E2E case id ${c.id}`);
		assert.ok(c.id.length <= 36, `case id too long: ${c.id}`);
		ids.add(c.id);
	}
	return cases;
}

// ----------------------------------------------------------------------------------------------
// Assertion helpers shared by the cases

/** Output items of a node, failing with the execution's own error when the node did not run. */
export function out(run: ExecuteResult, nodeName: string, output = 0): OutItem[] {
	const runs = nodeRuns(run.data, nodeName);
	if (!runs.length) {
		const err = run.data?.data?.resultData?.error;
		assert.fail(`node "${nodeName}" did not run${err ? `; execution error: ${err.message} ${err.description ?? ''}` : ''}\n${tailOf(run)}`);
	}
	if (runs[0].error) assert.fail(`node "${nodeName}" failed: ${runs[0].error.message} ${runs[0].error.description ?? ''}`);
	return nodeOutput(run.data, nodeName, output);
}

export function tailOf(run: ExecuteResult, lines = 30): string {
	return `--- n8n output (tail) ---\n${(run.stdout + '\n' + run.stderr).split('\n').slice(-lines).join('\n')}`;
}

export function assertSucceeded(run: ExecuteResult): void {
	const err = run.data?.data?.resultData?.error;
	assert.equal(run.code, 0, `n8n execute exited ${run.code}${err ? `: ${err.message}` : ''}\n${tailOf(run)}`);
	assert.ok(run.data, `no execution JSON in n8n's output\n${tailOf(run)}`);
	assert.equal(err, undefined, `execution error: ${JSON.stringify(err)}`);
}

/** No API key anywhere in what n8n printed (execution data, logs, errors). */
export function assertNoSecrets(run: ExecuteResult): void {
	const text = run.stdout + run.stderr;
	for (const s of ALL_SECRETS) assert.ok(!text.includes(s), `an API key (${s.slice(0, 6)}…) appears in n8n's output`);
}

export function pairedIndex(item: OutItem): number | undefined {
	const p = item.pairedItem;
	if (typeof p === 'number') return p;
	if (Array.isArray(p)) return p[0]?.item;
	return p?.item;
}
