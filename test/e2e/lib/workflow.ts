/**
 * Small builders for n8n workflow JSON (node versions that exist in both n8n 1.123 and 2.40), and the
 * rewrite that turns an `examples/*.json` workflow into its E2E copy.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './env';

export type Json = Record<string, unknown>;

export interface WfNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Json;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	retryOnFail?: boolean;
	[k: string]: unknown;
}

export interface Workflow {
	id: string;
	name: string;
	nodes: WfNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;
	settings?: Json;
	active?: boolean;
	pinData?: Json;
	[k: string]: unknown;
}

/** Package prefix of our node types: as installed from npm (community package). */
export const PKG = 'n8n-nodes-modulate';

/** Credentials the E2E imports; the examples reference the same ids, so they run unchanged. */
export const CRED = {
	models: { id: 'modulateApiCred01', name: 'Modulate account' },
	platform: { id: 'modulatePlatCred01', name: 'Modulate Platform account' },
	badKey: { id: 'e2eModulateBadKey1', name: 'Modulate (wrong key)' },
	quota: { id: 'e2eModulateQuota01', name: 'Modulate (quota used up)' },
	emptyKey: { id: 'e2eModulateEmptyKey1', name: 'Modulate (empty key)' },
	noScheme: { id: 'e2eModulateNoScheme1', name: 'Modulate (Base URL without scheme)' },
	closedPort: { id: 'e2eModulateClosedPt1', name: 'Modulate (closed port)' },
	fakeChat: { id: 'e2eFakeChatModel001', name: 'Fake chat model (emulator)' },
};

/** Placeholders in the examples that the E2E copy points at the local sink. */
export const EXAMPLE_HOSTS = {
	recordings: 'https://recordings.example.com',
	storage: 'https://storage.example.com',
	crm: 'https://crm.example.com',
};

let counter = 0;
const nid = () => `e2e-node-${++counter}`;

export function node(name: string, type: string, typeVersion: number, parameters: Json, extra: Partial<WfNode> = {}): WfNode {
	return { id: nid(), name, type, typeVersion, position: [0, 0], parameters, ...extra };
}

export const manualTrigger = (name = 'Start') => node(name, 'n8n-nodes-base.manualTrigger', 1, {});

/** HTTP Request that downloads a file into binary property `data`. */
export const download = (name: string, url: string) =>
	node(name, 'n8n-nodes-base.httpRequest', 4.2, {
		url,
		options: { response: { response: { responseFormat: 'file', outputPropertyName: 'data' } } },
	});

/** HTTP Request POST with a JSON body built from name/value pairs (values may be expressions). */
export const postJson = (name: string, url: string, fields: Record<string, string>) =>
	node(name, 'n8n-nodes-base.httpRequest', 4.2, {
		method: 'POST',
		url,
		sendBody: true,
		bodyParameters: { parameters: Object.entries(fields).map(([n, value]) => ({ name: n, value })) },
		options: {},
	});

/** HTTP Request POST multipart with a binary property as field `file`. */
export const uploadBinary = (name: string, url: string, binaryProperty = 'data') =>
	node(name, 'n8n-nodes-base.httpRequest', 4.2, {
		method: 'POST',
		url,
		sendBody: true,
		contentType: 'multipart-form-data',
		bodyParameters: { parameters: [{ parameterType: 'formBinaryData', name: 'file', inputDataFieldName: binaryProperty }] },
		options: {},
	});

export const code = (name: string, jsCode: string) => node(name, 'n8n-nodes-base.code', 2, { jsCode });

/** The Models API node. `params` are merged over resource/operation. */
export function modulate(name: string, resource: string, operation: string, params: Json = {}, opts: { cred?: { id: string; name: string }; onError?: WfNode['onError'] } = {}): WfNode {
	return node(name, `${PKG}.modulate`, 1, { resource, operation, ...params }, {
		credentials: { modulateApi: opts.cred ?? CRED.models },
		...(opts.onError ? { onError: opts.onError } : {}),
	});
}

export function platform(name: string, operation: string, params: Json = {}, opts: { onError?: WfNode['onError'] } = {}): WfNode {
	return node(name, `${PKG}.modulatePlatform`, 1, { resource: 'job', operation, ...params }, {
		credentials: { modulatePlatformApi: CRED.platform },
		...(opts.onError ? { onError: opts.onError } : {}),
	});
}

/**
 * Assembles a workflow. `edges` are [from, to] or [from, to, fromOutput, toInput].
 * Nodes are laid out left to right by depth so the workflow also looks sane in the editor.
 */
export function workflow(id: string, name: string, nodes: WfNode[], edges: Array<[string, string, number?, number?]>): Workflow {
	const connections: Workflow['connections'] = {};
	for (const [from, to, out = 0, input = 0] of edges) {
		const c = (connections[from] ??= { main: [] });
		while (c.main.length <= out) c.main.push([]);
		c.main[out].push({ node: to, type: 'main', index: input });
	}
	const depth = new Map<string, number>();
	const visit = (n: string, d: number) => {
		if ((depth.get(n) ?? -1) >= d || d > 50) return;
		depth.set(n, d);
		for (const out of connections[n]?.main ?? []) for (const t of out) visit(t.node, d + 1);
	};
	const targets = new Set(edges.map((e) => e[1]));
	for (const n of nodes) if (!targets.has(n.name)) visit(n.name, 0);
	const rows = new Map<number, number>();
	for (const n of nodes) {
		const d = depth.get(n.name) ?? 0;
		const row = rows.get(d) ?? 0;
		rows.set(d, row + 1);
		n.position = [d * 260, row * 180];
	}
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, active: false, pinData: {} };
}

// ---------------------------------------------------------------------------------------------
// Examples → E2E copies

export function exampleFiles(): string[] {
	const dir = path.join(REPO_ROOT, 'examples');
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.map((f) => path.join(dir, f));
}

export function loadExample(file: string): Workflow {
	const p = path.isAbsolute(file) ? file : path.join(REPO_ROOT, 'examples', file);
	return JSON.parse(readFileSync(p, 'utf8')) as Workflow;
}

/** Services the examples post to; their nodes are replaced by an HTTP Request to `<sink>/<kind>`. */
const OUTSIDE_SERVICES: Record<string, string> = {
	'n8n-nodes-base.slack': 'slack',
	'n8n-nodes-base.hubspot': 'hubspot',
	'n8n-nodes-base.salesforce': 'salesforce',
	'n8n-nodes-base.microsoftTeams': 'teams',
	'n8n-nodes-base.gmail': 'gmail',
	'n8n-nodes-base.googleDrive': 'drive',
	'n8n-nodes-base.awsS3': 's3',
};

/** Every string leaf of a parameter object, as dotted-path → value. */
function flatten(obj: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
	if (typeof obj === 'string') out[prefix || 'value'] = obj;
	else if (typeof obj === 'number' || typeof obj === 'boolean') out[prefix || 'value'] = String(obj);
	else if (Array.isArray(obj)) obj.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
	else if (obj && typeof obj === 'object') {
		for (const [k, v] of Object.entries(obj)) {
			if (k === '__rl' || k === 'mode' || k === 'cachedResultName') continue;
			flatten(v, prefix ? `${prefix}.${k}` : k, out);
		}
	}
	return out;
}

export interface E2ECopyOptions {
	sinkUrl: string;
	/** `community` keeps `n8n-nodes-modulate.*` (default); `custom` rewrites to `CUSTOM.*` (N8N_CUSTOM_EXTENSIONS). */
	typeStyle?: 'community' | 'custom';
	/** Adjust parameters for a fast run (e.g. Wait node seconds). */
	tweak?: (n: WfNode) => void;
}

/**
 * The E2E copy of an example: same graph, ids suffixed, placeholder hosts pointed at the sink, and
 * Slack/HubSpot/Salesforce/… nodes replaced by an HTTP Request that posts the node's parameters
 * (expressions evaluated by n8n) to `<sink>/<service>` — what would have been sent.
 */
export function e2eCopy(example: Workflow, opts: E2ECopyOptions): Workflow {
	let text = JSON.stringify(example);
	text = text.split(EXAMPLE_HOSTS.recordings).join(`${opts.sinkUrl}/recordings`);
	text = text.split(EXAMPLE_HOSTS.storage).join(`${opts.sinkUrl}/storage`);
	text = text.split(EXAMPLE_HOSTS.crm).join(`${opts.sinkUrl}/crm`);
	if (opts.typeStyle === 'custom') text = text.split(`"${PKG}.`).join('"CUSTOM.');
	const wf = JSON.parse(text) as Workflow;
	wf.id = `${example.id}E2E`.slice(0, 36);
	wf.name = `${example.name} (E2E)`;
	wf.nodes = wf.nodes.map((n) => {
		const service = OUTSIDE_SERVICES[n.type];
		if (!service) {
			opts.tweak?.(n);
			return n;
		}
		const fields = flatten(n.parameters);
		const replaced: WfNode = {
			id: n.id,
			name: n.name,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: n.position,
			parameters: {
				method: 'POST',
				url: `${opts.sinkUrl}/${service}`,
				sendBody: true,
				bodyParameters: {
					parameters: [
						{ name: 'replacedNode', value: n.name },
						{ name: 'replacedType', value: n.type },
						...Object.entries(fields).map(([name, value]) => ({ name, value })),
					],
				},
				options: {},
			},
		};
		return replaced;
	});
	return wf;
}
