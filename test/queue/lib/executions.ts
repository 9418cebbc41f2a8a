/**
 * Executions as the main process stores them in PostgreSQL, read through its REST API (the editor's
 * calls), in the shape the E2E checks take (`ExecuteResult`), so the single-process cases' checks run
 * unchanged on an execution a worker ran.
 */
import path from 'node:path';
import { N8N_2 } from '../../e2e/lib/env';
import type { ExecuteResult, ExecutionData, RunningN8n } from '../../e2e/lib/n8n';

// n8n stores run data in the `flatted` format (it keeps shared references); its own copy reads it.
const flatted = require(path.join(N8N_2.installDir, 'node_modules', 'flatted')) as { parse(text: string): unknown };

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	finished?: boolean;
	mode?: string;
	startedAt?: string;
	stoppedAt?: string | null;
}

export async function listExecutions(server: RunningN8n, workflowId: string): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const r = await server.rest<{ data?: { results?: ExecutionSummary[] } }>('GET', `/executions?filter=${filter}&limit=500`);
	if (r.status !== 200) throw new Error(`GET /rest/executions HTTP ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
	return (r.body.data?.results ?? []).map((e) => ({ ...e, id: String(e.id) }));
}

export async function getExecution(server: RunningN8n, id: string): Promise<ExecuteResult & { data: ExecutionData }> {
	const r = await server.rest<{ data?: { data?: string; status?: string; finished?: boolean } }>('GET', `/executions/${id}`);
	if (r.status !== 200 || !r.body.data) throw new Error(`GET /rest/executions/${id} HTTP ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
	const e = r.body.data;
	const runData = (typeof e.data === 'string' ? flatted.parse(e.data) : e.data) as ExecutionData['data'];
	const data: ExecutionData = { status: e.status, finished: e.finished, data: runData };
	const failed = e.status !== 'success' || !!runData?.resultData?.error;
	// As `n8n execute` would have ended: exit code 0 for a successful run; no CLI output.
	return { code: failed ? 1 : 0, stdout: '', stderr: '', ms: 0, data };
}
