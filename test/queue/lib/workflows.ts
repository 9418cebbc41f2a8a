/**
 * Workflows for the queue-mode cases. In queue mode the main process takes production webhook calls and
 * puts each execution on the Redis queue for a worker, so every case's workflow starts with a Webhook:
 * `withWebhookTrigger` swaps whatever trigger a workflow (an example) starts with for one, keeping its
 * name, so the connections stay as they are.
 */
import { randomUUID } from 'node:crypto';
import { code, download, modulate, node, type Json, type Workflow } from '../../e2e/lib/workflow';

export function webhookNode(name: string, pathName: string): ReturnType<typeof node> {
	return node(name, 'n8n-nodes-base.webhook', 2, {
		httpMethod: 'POST',
		path: pathName,
		// The HTTP answer comes when the execution has finished on its worker: the tests' completion signal.
		responseMode: 'lastNode',
		responseData: 'firstEntryJson',
		options: {},
	}, { webhookId: randomUUID() });
}

const isTrigger = (type: string) => /trigger$/i.test(type) || type === 'n8n-nodes-base.webhook';

/** The workflow, active, with its (first) trigger replaced by a POST webhook at `pathName`. */
export function withWebhookTrigger(wf: Workflow, pathName: string, id = wf.id): Workflow {
	const trigger = wf.nodes.find((n) => isTrigger(n.type));
	if (!trigger) throw new Error(`workflow ${wf.name} has no trigger node to replace`);
	const hook = { ...webhookNode(trigger.name, pathName), id: trigger.id, position: trigger.position };
	return { ...wf, id, active: true, nodes: wf.nodes.map((n) => (n === trigger ? hook : n)) };
}

/**
 * Webhook (body `{ batch, files }`) → one item per file → download from the recordings server → Transcribe
 * with the given Max Concurrent Requests. File names are unique per recording, so the emulator's log says
 * how often each one was transcribed.
 */
export function transcribeBatchWorkflow(id: string, pathName: string, recordingsUrl: string, options: Json): Workflow {
	const nodes = [
		webhookNode('Webhook', pathName),
		code('Recordings', `const base = ${JSON.stringify(recordingsUrl)};\nreturn $input.first().json.body.files.map((file) => ({ json: { file, url: base + '/recordings/' + file } }));`),
		download('Download', '={{ $json.url }}'),
		modulate('Transcribe', 'transcription', 'transcribe', { options: { maxRetries: 10, retryInitialDelayMs: 200, ...options } }),
		code('Done', 'return [{ json: { batch: $(\'Webhook\').first().json.body.batch, transcripts: $input.all().length } }];'),
	];
	const chain = ['Webhook', 'Recordings', 'Download', 'Transcribe', 'Done'];
	const connections: Workflow['connections'] = {};
	chain.slice(1).forEach((to, i) => (connections[chain[i]] = { main: [[{ node: to, type: 'main', index: 0 }]] }));
	nodes.forEach((n, i) => (n.position = [i * 240, 0]));
	return { id, name: `Queue: ${id}`, nodes, connections, settings: { executionOrder: 'v1' }, active: true, pinData: {} };
}

/** POSTs JSON to a webhook and waits for the answer (which comes when the execution has finished). */
export async function callWebhook(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
	const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const text = await res.text();
	try {
		return { status: res.status, body: JSON.parse(text) as unknown };
	} catch {
		return { status: res.status, body: text };
	}
}
