/**
 * Test harness: run one of our nodes through n8n's REAL engine pieces (n8n-core 1.122, n8n-workflow 1.120).
 *
 * Why: our nodes' correctness depends on behaviour we do not own — how `httpRequestWithAuthentication`
 * applies a credential's `authenticate`, how a `FormData` body goes over the wire, how errors are wrapped,
 * where binaries live (n8n 2.x keeps them on disk and hands us an `id`, 1.x keeps base64 in memory), how
 * `continueOnFail`/`continueErrorOutput` reshape output. Mocking those would only test our assumptions.
 * So this file wires the real `Workflow`, `ExecuteContext` (via `WorkflowExecute.runNode`, the engine's own
 * entry point), `BinaryDataService` and `RoutingNode`, and replaces only what needs n8n's CLI/database:
 * the credentials store (`HarnessCredentialsHelper`, a port of the CLI's CredentialsHelper: defaults,
 * expression resolution, generic `authenticate`) and the credential tester (a port of the CLI's
 * CredentialsTester for declarative `test` requests and their `rules`).
 *
 * The engine's post-processing that changes what the NEXT node sees is applied (`continueErrorOutput`
 * routing, and the rewrite of items carrying `item.error` to `json = { error: message }`); the node's own
 * return value is kept too (`rawOutput`). Deliberate differences from the full engine:
 * - the engine's `assignPairedItems` fallback is NOT applied, so a missing `pairedItem` stays missing;
 * - an error the node throws is re-thrown as the same instance (even with continueOnFail, where the engine
 *   would pass the input through), so tests can assert its class and fields; it is first handed to
 *   n8n-core's ErrorReporter exactly as the engine does (an ApplicationError such as NodeApiError is only
 *   reported via its `cause`, which n8n-workflow 1.120 erases, so usually only debug lines are logged);
 * - no "Retry On Fail" loop (that re-runs the whole node; test it by calling runNode again).
 *
 * Logs: n8n-core's Logger and LoggerProxy are replaced by a capturing logger; every line (message plus
 * deep-serialised metadata, errors included) is attributed to the runNode/testCredential call it happened in
 * (AsyncLocalStorage), together with console output and `sendMessageToUI` output of that call. Use
 * `findSecret` to check that an API key appears nowhere in output, errors or logs.
 *
 * Global state: n8n-core reads its services from one DI container, so the binary store is process-wide.
 * Its temp folder is removed at process exit (under Jest: when the test file ends). Writes in one binary mode wait for writes in the other mode
 * to finish (the mode is a property of the shared service).
 */
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import {
	BinaryDataService,
	ErrorReporter,
	ExecuteContext,
	InstanceSettings,
	RoutingNode,
	WorkflowExecute,
	WorkflowHasIssuesError,
	prepareBinaryData,
} from 'n8n-core';
// Not re-exported by n8n-core's index (and the package has no "exports" map, so the deep path is allowed).
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import {
	ApplicationError,
	ICredentialsHelper,
	LoggerProxy,
	NodeHelpers,
	UnexpectedError,
	Workflow,
	createEmptyRunExecutionData,
	createRunExecutionData,
	isExpression,
} from 'n8n-workflow';
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentials,
	ICredentialsDecrypted,
	ICredentialsExpressionResolveValues,
	IDataObject,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	NodeApiError,
	NodeOperationError,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IRunExecutionData,
	ITaskDataConnections,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { atTestFileEnd } from '../support/testFileEnd';

/** Package name n8n prefixes our node types with when installed as a community package. */
export const PACKAGE_NAME = 'n8n-nodes-modulate';
const WORKFLOW_ID = 'harnessWorkflow';
const INPUT_NODE_NAME = 'Input';
const INPUT_NODE_TYPE = 'n8n-nodes-base.noOp';

// ---------------------------------------------------------------------------------------------------------
// Logging capture
// ---------------------------------------------------------------------------------------------------------

interface RunScope {
	logs: string[];
}
const scope = new AsyncLocalStorage<RunScope>();
const unscopedLogs: string[] = [];

function record(line: string): void {
	(scope.getStore()?.logs ?? unscopedLogs).push(line);
}

/** JSON of anything, including Error fields (message, stack, cause, own props), cycles and bigint. */
export function serialize(value: unknown): string {
	const seen = new WeakSet<object>();
	const walk = (v: unknown, depth: number): unknown => {
		if (typeof v === 'bigint') return v.toString();
		if (typeof v === 'function') return `[Function ${v.name}]`;
		if (typeof v === 'symbol') return v.toString();
		if (v === null || typeof v !== 'object') return v;
		if (seen.has(v)) return '[Circular]';
		if (depth > 12) return '[Depth]';
		seen.add(v);
		if (Buffer.isBuffer(v)) return `[Buffer ${v.length}]`;
		if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
		const out: Record<string, unknown> = {};
		if (v instanceof Error) {
			out.name = v.name;
			out.message = v.message;
			out.stack = v.stack;
			if (v.cause !== undefined) out.cause = walk(v.cause, depth + 1);
		}
		for (const key of Object.keys(v)) {
			try {
				out[key] = walk((v as Record<string, unknown>)[key], depth + 1);
			} catch {
				out[key] = '[Unreadable]';
			}
		}
		return out;
	};
	try {
		return JSON.stringify(walk(value, 0)) ?? String(value);
	} catch {
		return String(value);
	}
}

function line(level: string, message: unknown, metadata?: unknown): string {
	const text = typeof message === 'string' ? message : serialize(message);
	const meta =
		metadata === undefined ||
		(typeof metadata === 'object' && metadata !== null && Object.keys(metadata).length === 0 && !(metadata instanceof Error))
			? ''
			: ` ${serialize(metadata)}`;
	return `${level}: ${text}${meta}`;
}

class CapturingLogger {
	error(message: unknown, metadata?: unknown) {
		record(line('error', message, metadata));
	}
	warn(message: unknown, metadata?: unknown) {
		record(line('warn', message, metadata));
	}
	info(message: unknown, metadata?: unknown) {
		record(line('info', message, metadata));
	}
	debug(message: unknown, metadata?: unknown) {
		record(line('debug', message, metadata));
	}
	scoped() {
		return this;
	}
}

let consolePatched = false;
function patchConsole(): void {
	if (consolePatched) return;
	consolePatched = true;
	for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
		const original = console[method].bind(console);
		console[method] = (...args: unknown[]) => {
			const store = scope.getStore();
			if (store) store.logs.push(`console.${method}: ${args.map((a) => (typeof a === 'string' ? a : serialize(a))).join(' ')}`);
			original(...args);
		};
	}
}

/** Log lines emitted outside any runNode/testCredential call (e.g. while setting up). */
export function unscopedLogLines(): string[] {
	return [...unscopedLogs];
}

// ---------------------------------------------------------------------------------------------------------
// One-time setup of n8n-core's services (DI container)
// ---------------------------------------------------------------------------------------------------------

export type BinaryMode = 'filesystem' | 'default';

interface Env {
	root: string;
	storagePath: string;
	logger: CapturingLogger;
	errorReporter: ErrorReporter;
	binaryDataService: BinaryDataService;
}
let envPromise: Promise<Env> | undefined;

async function setup(): Promise<Env> {
	const root = mkdtempSync(join(tmpdir(), 'n8n-harness-'));
	const removeRoot = () => rmSync(root, { recursive: true, force: true });
	process.on('exit', removeRoot);
	atTestFileEnd(removeRoot);
	const n8nFolder = join(root, '.n8n');
	mkdirSync(n8nFolder, { recursive: true });
	const storagePath = join(n8nFolder, 'binaryData');

	const logger = new CapturingLogger();
	Container.set(Logger, logger as unknown as Logger);
	LoggerProxy.init(logger as never);
	patchConsole();

	// Real InstanceSettings, but pointed at our temp folder so nothing is written to ~/.n8n.
	const instanceSettings = new InstanceSettings(
		{ n8nFolder, userHome: root, encryptionKey: 'harness-encryption-key', enforceSettingsFilePermissions: false } as never,
		logger as never,
	);
	Container.set(InstanceSettings, instanceSettings);

	const errorReporter = new ErrorReporter(logger as never);
	Container.set(ErrorReporter, errorReporter);

	// As n8n's CLI does at start-up (BaseCommand.init → BinaryDataService.init): filesystem manager available,
	// current mode chosen per call (see withBinaryMode). Same shape as BinaryDataConfig.
	const config = {
		availableModes: ['filesystem'],
		mode: 'filesystem',
		localStoragePath: storagePath,
		signingSecret: 'harness-signing-secret',
		dbMaxFileSize: 512,
	};
	const binaryDataService = new BinaryDataService(config as never, errorReporter, logger as never);
	await binaryDataService.init();
	Container.set(BinaryDataService, binaryDataService);

	// Every ExecuteContext gets the SSH tunnel helpers, whose manager starts a 60 s cleanup interval at
	// creation; unref it so test processes can exit.
	const ssh = Container.get(SSHClientsManager) as unknown as { cleanupTimer?: NodeJS.Timeout };
	ssh.cleanupTimer?.unref();

	return { root, storagePath, logger, errorReporter, binaryDataService };
}

async function env(): Promise<Env> {
	envPromise ??= setup();
	return await envPromise;
}

/** Folder where filesystem-mode binaries are stored (n8n's `N8N_BINARY_DATA_STORAGE_PATH`). */
export async function binaryStoragePath(): Promise<string> {
	return (await env()).storagePath;
}

// The binary mode is a property of the single BinaryDataService; calls in the same mode may overlap,
// calls in the other mode wait.
let activeMode: BinaryMode | undefined;
let activeCount = 0;
let waiters: Array<() => void> = [];
async function withBinaryMode<T>(mode: BinaryMode, fn: () => Promise<T>): Promise<T> {
	const { binaryDataService } = await env();
	while (activeCount > 0 && activeMode !== mode) {
		await new Promise<void>((resolve) => waiters.push(resolve));
	}
	activeMode = mode;
	activeCount++;
	(binaryDataService as unknown as { mode: string }).mode = mode === 'filesystem' ? 'filesystem-v2' : 'default';
	try {
		return await fn();
	} finally {
		activeCount--;
		if (activeCount === 0) {
			const wake = waiters;
			waiters = [];
			for (const w of wake) w();
		}
	}
}

// ---------------------------------------------------------------------------------------------------------
// Credentials: port of n8n CLI's CredentialsHelper (no database; data given per run)
// ---------------------------------------------------------------------------------------------------------

const mockNode: INode = { id: 'mock', name: '', typeVersion: 1, type: 'mock', position: [0, 0], parameters: {} };
const mockNodeTypes: INodeTypes = {
	getByName: () => ({ description: { properties: [] } }) as unknown as INodeType,
	getByNameAndVersion: () => ({ description: { properties: [] } }) as unknown as INodeType,
	getKnownTypes: () => ({}),
};

export class HarnessCredentialsHelper extends ICredentialsHelper {
	/** Credentials written back by the node (OAuth refresh etc.); tests may inspect. */
	readonly updates: Array<{ type: string; data: ICredentialDataDecryptedObject }> = [];

	constructor(
		private readonly types: Map<string, ICredentialType>,
		private readonly store: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	private getType(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new ApplicationError(`Unknown credential type "${name}" (pass it in credentialTypes)`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const type = this.types.get(name);
		if (type?.extends === undefined) return [];
		const parents: string[] = [];
		for (const parent of type.extends) {
			parents.push(parent, ...this.getParentTypes(parent));
		}
		return parents;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions;
		const credentialType = this.getType(typeName);
		if (credentialType.authenticate) {
			if (typeof credentialType.authenticate === 'function') {
				return await credentialType.authenticate(credentials, requestOptions as IHttpRequestOptions);
			}
			if (typeof credentialType.authenticate === 'object') {
				const { authenticate } = credentialType;
				if (requestOptions.headers === undefined) requestOptions.headers = {};
				if (authenticate.type === 'generic') {
					for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
						for (const [key, value] of Object.entries(outerValue as IDataObject)) {
							const keyResolved = this.resolveValue(key, { $credentials: credentials }, workflow, node);
							const valueResolved = this.resolveValue(value as string, { $credentials: credentials }, workflow, node);
							const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
							if (!target[outerKey]) target[outerKey] = {};
							target[outerKey][keyResolved] = valueResolved;
						}
					}
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.getType(typeName);
		const expirable = credentialType.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (expirable?.name === undefined) return undefined;
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		this.updates.push({ type: typeName, data: { ...credentials, ...output } as ICredentialDataDecryptedObject });
		return Object.assign(credentials, output);
	}

	private resolveValue(
		parameterValue: string,
		additionalKeys: IDataObject,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(parameterValue)) return parameterValue;
		const value = workflow.expression.getSimpleParameterValue(node, parameterValue, 'internal', additionalKeys as never, undefined, '');
		if (!value) return '';
		return value.toString();
	}

	async getCredentials(_nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		throw new UnexpectedError(`The harness has no credentials database (getCredentials "${type}")`);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const typeData = this.getType(type);
		if (typeData.extends === undefined) return typeData.properties;
		const combined: INodeProperties[] = [];
		for (const parent of typeData.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, typeData.properties);
		return combined;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.store[type];
		if (stored === undefined) {
			// Same text as n8n's CredentialNotFoundError.
			throw new ApplicationError(`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}".`);
		}
		if (raw === true) return structuredClone(stored);
		return await this.applyDefaultsAndOverwrites(additionalData, structuredClone(stored), type, mode, executeData, expressionResolveValues);
	}

	async applyDefaultsAndOverwrites(
		additionalData: IWorkflowExecuteAdditionalData,
		decryptedDataOriginal: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const properties = this.getCredentialsProperties(type);
		let decryptedData = NodeHelpers.getNodeParameters(
			properties,
			decryptedDataOriginal as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (decryptedDataOriginal.oauthTokenData !== undefined) {
			decryptedData.oauthTokenData = decryptedDataOriginal.oauthTokenData;
		}
		const additionalKeys = {
			$execution: { id: additionalData.executionId, mode: mode === 'manual' ? 'test' : 'production' },
			$vars: additionalData.variables,
			$executionId: additionalData.executionId,
		};
		if (expressionResolveValues) {
			try {
				decryptedData = expressionResolveValues.workflow.expression.getParameterValue(
					decryptedData as INodeParameters,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys as never,
					executeData,
					false,
					decryptedData,
				) as ICredentialDataDecryptedObject;
			} catch (e) {
				(e as Error).message += ' [Error resolving credentials]';
				throw e;
			}
		} else {
			const workflow = new Workflow({ nodes: [mockNode], connections: {}, active: false, nodeTypes: mockNodeTypes });
			decryptedData = workflow.expression.getComplexParameterValue(
				mockNode,
				decryptedData as INodeParameters,
				mode,
				additionalKeys as never,
				undefined,
				undefined,
				decryptedData,
			) as ICredentialDataDecryptedObject;
		}
		return decryptedData;
	}

	async updateCredentials(_n: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		this.updates.push({ type, data });
	}

	async updateCredentialsOauthTokenData(_n: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		this.updates.push({ type, data });
	}
}

// ---------------------------------------------------------------------------------------------------------
// additionalData and node types
// ---------------------------------------------------------------------------------------------------------

let executionCounter = 0;

function makeAdditionalData(credentialsHelper: ICredentialsHelper, executionId: string, logs: string[]): IWorkflowExecuteAdditionalData {
	const unsupported = (what: string) => async () => {
		throw new UnexpectedError(`${what} is not available in the test harness`);
	};
	return {
		credentialsHelper,
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		variables: {},
		userId: 'harness-user',
		executeWorkflow: unsupported('executeWorkflow'),
		getRunExecutionData: unsupported('getRunExecutionData'),
		startRunnerTask: unsupported('startRunnerTask'),
		logAiEvent: () => {},
		sendDataToUI: (type: string, data: IDataObject | IDataObject[]) => {
			logs.push(`ui.${type}: ${serialize(data)}`);
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

const inputNodeType: INodeType = {
	description: {
		displayName: 'No Operation, do nothing',
		name: INPUT_NODE_TYPE,
		group: ['organization'],
		version: 1,
		description: 'Stands for the node that produced the input items',
		defaults: { name: INPUT_NODE_NAME },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	} as INodeType['description'],
};

function nodeTypeName(node: INodeType | IVersionedNodeType): string {
	const name = node.description.name;
	return name.includes('.') ? name : `${PACKAGE_NAME}.${name}`;
}

function makeNodeTypes(ours: INodeType | IVersionedNodeType, typeName: string): INodeTypes {
	const byName: Record<string, INodeType | IVersionedNodeType> = { [typeName]: ours, [INPUT_NODE_TYPE]: inputNodeType };
	return {
		getByName: (name) => byName[name],
		getByNameAndVersion: (name, version) => {
			const type = byName[name];
			if (!type) throw new UnexpectedError(`Unknown node type "${name}"`);
			return NodeHelpers.getVersionedNodeType(type, version);
		},
		getKnownTypes: () => ({}),
	};
}

// ---------------------------------------------------------------------------------------------------------
// runNode
// ---------------------------------------------------------------------------------------------------------

export interface RunNodeOptions {
	/** As a user sets them; defaults are filled from the description by n8n's Workflow (NodeHelpers.getNodeParameters). */
	parameters: INodeParameters;
	/** By credential type name, e.g. { modulateApi: { apiKey, baseUrl } }. Defaults of the type are applied. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Instances of our credential classes (their `authenticate` is applied to every authenticated request). */
	credentialTypes: ICredentialType[];
	items: INodeExecutionData[];
	/** node.onError = 'continueRegularOutput' when true. Use `onError` for 'continueErrorOutput'. */
	continueOnFail?: boolean;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	/** What this.getExecutionCancelSignal() returns (and what n8n-core puts on every helper request). */
	abortSignal?: AbortSignal;
	typeVersion?: number;
	/** Where binaries the node creates go: 'filesystem' (n8n 2.x default, on disk with an id) or 'default' (1.x, base64). Default 'filesystem'. */
	binaryMode?: BinaryMode;
	/** Execution mode; default 'manual' (a user clicking "Execute"). */
	mode?: WorkflowExecuteMode;
	/** The node's "Retry On Fail" setting; the harness records it on the node but runs the node once. */
	retryOnFail?: boolean;
}

export interface RunNodeResult {
	/**
	 * What the next node receives: the node's output after the engine's `continueErrorOutput` routing and
	 * error normalisation (items with `item.error` get `json = { error: message }`). pairedItem is NOT
	 * auto-filled (unlike the engine), so a node that forgets it is caught.
	 */
	output: INodeExecutionData[][];
	/** The node's return value as it produced it (shallow item copies, before any engine processing). */
	rawOutput: INodeExecutionData[][];
	logs: string[];
	hints: unknown[];
	/** The INode as the engine saw it (parameters with defaults filled in). */
	node: INode;
	/** The credentials helper used; `.updates` holds credential write-backs. */
	credentialsHelper: HarnessCredentialsHelper;
}

/** Marks an error as already reported (so a rethrow from a nested call is not logged twice). */
const reported = new WeakSet<object>();

/**
 * Execute one node as n8n's engine would, with `items` as the output of a preceding node.
 * Resolves with the node's output; rejects with the node's own error instance (NodeApiError/NodeOperationError…).
 * The rejection carries the run's logs as `harnessLogs` (non-enumerable).
 */
export async function runNode(nodeType: INodeType | IVersionedNodeType, opts: RunNodeOptions): Promise<RunNodeResult> {
	const { errorReporter } = await env();
	const logs: string[] = [];
	return await scope.run({ logs }, async () => {
		return await withBinaryMode(opts.binaryMode ?? 'filesystem', async () => {
			const typeName = nodeTypeName(nodeType);
			const description = NodeHelpers.getVersionedNodeType(nodeType, opts.typeVersion).description;
			const versions = Array.isArray(description.version) ? description.version : [description.version];
			const typeVersion =
				opts.typeVersion ?? ('nodeVersions' in nodeType ? nodeType.currentVersion : Math.max(...versions));
			const credentialTypes = new Map(opts.credentialTypes.map((t) => [t.name, t]));
			const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, opts.credentials ?? {});

			const onError = opts.onError ?? (opts.continueOnFail ? 'continueRegularOutput' : undefined);
			const nodeName = (description.defaults?.name as string | undefined) ?? description.displayName;
			const node: INode = {
				id: 'harness-node',
				name: nodeName,
				type: typeName,
				typeVersion,
				position: [200, 0],
				parameters: structuredClone(opts.parameters),
				credentials: Object.fromEntries(
					Object.keys(opts.credentials ?? {}).map((type) => [type, { id: `cred-${type}`, name: `${type} (harness)` }]),
				),
				...(onError ? { onError } : {}),
				...(opts.retryOnFail ? { retryOnFail: true, maxTries: 3 } : {}),
			};
			const inputNode: INode = {
				id: 'harness-input',
				name: INPUT_NODE_NAME,
				type: INPUT_NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			};
			const workflow = new Workflow({
				id: WORKFLOW_ID,
				name: 'Harness workflow',
				nodes: [inputNode, node],
				connections: { [INPUT_NODE_NAME]: { main: [[{ node: nodeName, type: 'main', index: 0 }]] } },
				active: false,
				nodeTypes: makeNodeTypes(nodeType, typeName),
				settings: { executionOrder: 'v1' },
			});
			const engineNode = workflow.nodes[nodeName];

			// As WorkflowExecute.checkReadyForExecution: required parameters missing etc. stop the run.
			const issues = NodeHelpers.getNodeParametersIssues(description.properties, engineNode, description);
			if (issues !== null) {
				const err = new WorkflowHasIssuesError();
				(err as unknown as { issues: unknown }).issues = issues;
				throw attachLogs(err, logs);
			}

			const executionId = `${++executionCounter}`;
			const additionalData = makeAdditionalData(credentialsHelper, executionId, logs);
			const items = opts.items;
			// The preceding node's run is recorded so expressions like $('Input').item and the engine's
			// paired-item lookups (continueErrorOutput) work as in a real execution.
			const runExecutionData: IRunExecutionData = createRunExecutionData({
				resultData: {
					runData: {
						[INPUT_NODE_NAME]: [
							{
								startTime: 0,
								executionTime: 0,
								executionIndex: 0,
								executionStatus: 'success',
								source: [],
								data: { main: [items] },
							},
						],
					},
					lastNodeExecuted: INPUT_NODE_NAME,
				},
			});
			const inputData: ITaskDataConnections = { main: [items] };
			const executeData: IExecuteData = {
				node: engineNode,
				data: inputData,
				source: { main: [{ previousNode: INPUT_NODE_NAME, previousNodeOutput: 0, previousNodeRun: 0 }] },
			};
			const mode = opts.mode ?? 'manual';
			const engine = new WorkflowExecute(additionalData, mode, runExecutionData);

			LoggerProxy.debug(`Running node "${nodeName}" started`, { node: nodeName, workflowId: WORKFLOW_ID });
			let response;
			try {
				response = await engine.runNode(workflow, executeData, runExecutionData, 0, additionalData, mode, opts.abortSignal);
			} catch (error) {
				// Same reporting as WorkflowExecute.processRunExecutionData's catch.
				if (error && typeof error === 'object' && !reported.has(error)) {
					reported.add(error);
					let toReport: unknown;
					if (error instanceof ApplicationError) {
						if (error.cause instanceof Error) toReport = error.cause;
					} else {
						toReport = error;
					}
					if (toReport) {
						errorReporter.error(toReport as Error, {
							extra: { nodeName, nodeType: typeName, nodeVersion: typeVersion, workflowId: WORKFLOW_ID },
						});
					}
				}
				LoggerProxy.debug(`Running node "${nodeName}" finished with error`, { node: nodeName, workflowId: WORKFLOW_ID });
				throw attachLogs(error, logs);
			}
			if (!response || !('data' in response)) {
				throw new UnexpectedError('The node returned an engine request (sub-node calls are not supported by the harness)');
			}
			const produced = (response.data ?? []) as INodeExecutionData[][];
			// Shallow item copies: the engine replaces items' `json` but does not mutate the objects.
			const rawOutput = produced.map((o) => (o ?? []).map((item) => ({ ...item })));
			const output = produced.map((o) => o ?? []);
			if (output.length && onError === 'continueErrorOutput') {
				engine.handleNodeErrorOutput(workflow, executeData, output, 0);
			}
			normalizeItemErrors(output);
			LoggerProxy.debug(`Running node "${nodeName}" finished successfully`, { node: nodeName, workflowId: WORKFLOW_ID });
			return { output, rawOutput, logs, hints: response.hints ?? [], node: engineNode, credentialsHelper };
		});
	});
}

/**
 * What WorkflowExecute does to every output item after the node returns ("Merge error information to
 * default output"): an item carrying `error` (or `json.$error` + `json.$json`) gets `json = { error: message }`.
 */
function normalizeItemErrors(output: INodeExecutionData[][]): void {
	for (const execution of output) {
		for (const lineResult of execution) {
			const json = lineResult.json as IDataObject | undefined;
			if (json !== undefined && json.$error !== undefined && json.$json !== undefined) {
				lineResult.error = json.$error as never;
				lineResult.json = { error: (json.$error as Error).message };
			} else if (lineResult.error !== undefined) {
				lineResult.json = { error: lineResult.error.message };
			}
		}
	}
}

function attachLogs<T>(error: T, logs: string[]): T {
	if (error && typeof error === 'object') {
		Object.defineProperty(error, 'harnessLogs', { value: logs, enumerable: false, configurable: true });
	}
	return error;
}

/** The error a node run threw, for assertions; the test fails when the run succeeded. */
export async function errorOf(run: Promise<unknown>): Promise<NodeApiError | NodeOperationError> {
	try {
		await run;
	} catch (error) {
		return error as NodeApiError | NodeOperationError;
	}
	assert.fail('the node did not fail');
}

/** Logs of the runNode call that threw `error` (empty if it did not come from runNode). */
export function logsOf(error: unknown): string[] {
	return ((error as { harnessLogs?: string[] } | null)?.harnessLogs ?? []) as string[];
}

/**
 * What n8n keeps of a node error in the execution data (and shows in the UI):
 * `{ ...error, message, stack }` (WorkflowExecute), serialised. Enumerable own fields only, so a native
 * `cause` is not included; use `serialize(error)` to see everything.
 */
export function storedError(error: unknown): IDataObject {
	const e = error as Error;
	return JSON.parse(serialize({ ...(e as object), message: e?.message, stack: e?.stack })) as IDataObject;
}

// ---------------------------------------------------------------------------------------------------------
// Binary data
// ---------------------------------------------------------------------------------------------------------

/**
 * An input item with a binary property, created by n8n-core's real prepareBinaryData.
 * 'filesystem' (default; n8n 2.x): on disk, `id` set, `data` is the mode name. 'default' (n8n 1.x): base64 in `data`.
 */
export async function binaryItem(
	data: Buffer | Readable,
	fileName: string,
	mimeType: string,
	opts: { mode?: BinaryMode; json?: IDataObject; property?: string } = {},
): Promise<INodeExecutionData> {
	await env();
	const binary = await withBinaryMode(opts.mode ?? 'filesystem', async () =>
		await prepareBinaryData(data, 'harness-input', WORKFLOW_ID, fileName, mimeType),
	);
	return { json: opts.json ?? {}, binary: { [opts.property ?? 'data']: binary } };
}

/** The bytes of a binary property, read through the real BinaryDataService (either mode). */
export async function readBinary(binary: IBinaryData): Promise<Buffer> {
	const { binaryDataService } = await env();
	return await binaryDataService.getAsBuffer(binary);
}

// ---------------------------------------------------------------------------------------------------------
// Credential test: port of n8n CLI's CredentialsTester for declarative `test` requests
// ---------------------------------------------------------------------------------------------------------

const noOpDescription: INodeType['description'] = {
	displayName: 'No Operation, do nothing',
	name: 'n8n-nodes-base.noOp',
	group: ['organization'],
	version: 1,
	description: 'No Operation',
	defaults: { name: 'No Operation, do nothing' },
	inputs: ['main'],
	outputs: ['main'],
	properties: [],
};

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
	logs: string[];
}

/**
 * Test a credential the way n8n's "Test" button does for a credential type with `test: ICredentialTestRequest`:
 * defaults applied, the request run by n8n-core's RoutingNode (authenticated by the type's `authenticate`),
 * then `rules` applied (responseCode on an error response, responseSuccessBody on success).
 * Pass `extraCredentialTypes` for the parents of an `extends` type.
 *
 * Note (n8n-workflow 1.120): ExecutionBaseError declares a `cause` class field, which erases the native
 * Error cause, so the tester's `error.cause?.response` is never set for the NodeApiError that RoutingNode
 * throws: `responseCode` rules never fire and a failed request reports the NodeApiError message
 * (401 → "Authorization failed - please check your credentials"). This port keeps that behaviour.
 */
export async function testCredential(
	credType: ICredentialType,
	data: ICredentialDataDecryptedObject,
	extraCredentialTypes: ICredentialType[] = [],
): Promise<CredentialTestResult> {
	const { errorReporter } = await env();
	const logs: string[] = [];
	const result = await scope.run({ logs }, async () => await runCredentialTest(credType, data, extraCredentialTypes, errorReporter, logs));
	return { ...result, logs };
}

async function runCredentialTest(
	credType: ICredentialType,
	data: ICredentialDataDecryptedObject,
	extraCredentialTypes: ICredentialType[],
	errorReporter: ErrorReporter,
	logs: string[],
): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const credentialType = credType.name;
	const testRequest = credType.test;
	if (!testRequest) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}
	const types = new Map([...extraCredentialTypes, credType].map((t) => [t.name, t]));
	const credentialsHelper = new HarnessCredentialsHelper(types, { [credentialType]: data });
	const executionId = `${++executionCounter}`;
	const additionalData = makeAdditionalData(credentialsHelper, executionId, logs);

	const credentialsDecrypted: ICredentialsDecrypted = {
		id: `cred-${credentialType}`,
		name: `${credentialType} (harness)`,
		type: credentialType,
		data: structuredClone(data),
	};
	try {
		credentialsDecrypted.data = await credentialsHelper.applyDefaultsAndOverwrites(
			additionalData,
			credentialsDecrypted.data!,
			credentialType,
			'internal',
		);
	} catch (error) {
		LoggerProxy.debug('Credential test failed', error as never);
		return { status: 'Error', message: String((error as Error).message) };
	}

	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: noOpDescription.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [credentialType]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name } },
	};
	const nodeTypeCopy: INodeType = {
		description: {
			...noOpDescription,
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const nodeTypes: INodeTypes = {
		getByName: () => nodeTypeCopy,
		getByNameAndVersion: () => nodeTypeCopy,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const runExecutionData = createEmptyRunExecutionData();
	const inputData: ITaskDataConnections = { main: [[{ json: {} }]] };
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(workflow, node, additionalData, 'internal', runExecutionData, 0, [], inputData, executeData, []);
	const routingNode = new RoutingNode(context, nodeTypeCopy, credentialsDecrypted);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (error) {
		errorReporter.error(error as Error);
		const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }).cause;
		if (cause?.response) {
			const statusCode = cause.response.status;
			const statusMessage = cause.response.statusText;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return { status: 'Error', message: statusMessage || `Received HTTP status code: ${statusCode}` };
			}
		} else if (cause?.code) {
			return { status: 'Error', message: cause.code };
		}
		LoggerProxy.debug('Credential test failed', error as never);
		return { status: 'Error', message: String((error as Error).message) };
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const responseData = response![0][0].json;
			if (getPath(responseData, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

function getPath(obj: unknown, path: string): unknown {
	let cur: unknown = obj;
	for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean)) {
		if (cur === null || typeof cur !== 'object') return undefined;
		cur = (cur as Record<string, unknown>)[part];
	}
	return cur;
}

// ---------------------------------------------------------------------------------------------------------
// Secret scanning
// ---------------------------------------------------------------------------------------------------------

/**
 * Where `secret` occurs in any of `values` (deep: objects, arrays, Error fields incl. message/stack/cause,
 * strings, Buffers as UTF-8 and base64). Returns paths like `$[1].output[0][0].json.error`; empty = clean.
 * Also finds the URL-encoded form (WebSocket URLs carry the key in `api_key`).
 */
export function findSecret(secret: string, ...values: unknown[]): string[] {
	if (!secret) throw new ApplicationError('findSecret needs a non-empty secret');
	const needles = [...new Set([secret, encodeURIComponent(secret)])];
	const hits: string[] = [];
	const seen = new WeakSet<object>();
	const check = (s: string, path: string) => {
		if (needles.some((n) => s.includes(n))) hits.push(path);
	};
	const walk = (v: unknown, path: string, depth: number): void => {
		if (typeof v === 'string') return check(v, path);
		if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return check(String(v), path);
		if (v === null || typeof v !== 'object' || depth > 20) return;
		if (seen.has(v)) return;
		seen.add(v);
		if (Buffer.isBuffer(v) || v instanceof Uint8Array) {
			const buf = Buffer.from(v);
			if (buf.includes(secret) || buf.toString('base64').includes(Buffer.from(secret).toString('base64'))) hits.push(path);
			return;
		}
		if (v instanceof Error) {
			check(v.message ?? '', `${path}.message`);
			check(v.stack ?? '', `${path}.stack`);
			if (v.cause !== undefined) walk(v.cause, `${path}.cause`, depth + 1);
		}
		if (v instanceof Map) {
			for (const [k, val] of v) walk(val, `${path}.get(${String(k)})`, depth + 1);
			return;
		}
		for (const key of Object.getOwnPropertyNames(v)) {
			check(key, `${path}[key ${key}]`);
			let val: unknown;
			try {
				val = (v as Record<string, unknown>)[key];
			} catch {
				continue;
			}
			walk(val, Array.isArray(v) ? `${path}[${key}]` : `${path}.${key}`, depth + 1);
		}
	};
	values.forEach((v, i) => walk(v, `$[${i}]`, 0));
	return [...new Set(hits)];
}
