/**
 * The E2E suite for one pinned n8n: one isolated n8n home, the emulator and the sink in this process,
 * every case's workflow imported in one go, then each executed with `n8n execute` and checked; then
 * the examples' import check, the credential tests through the REST API of a started n8n and (2.x) the
 * browser check against that same started editor.
 *
 * Runs under Jest (`npm run test:e2e`, jest.e2e.config.js). Whether a test runs is decided when the suite
 * is defined, from the built package found then: a case needing a node type the build lacks is skipped,
 * with the reason written to the suite's log. Diagnostics (MODULATE_E2E_DEBUG, the browser check's steps)
 * go to stderr and to `test-output/e2e-n8n-<version>.log`.
 */
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_MODELS_KEY, DEFAULT_PLATFORM_ACCOUNT, startEmulator, type RunningEmulator } from '../../emulator';
import { browserCheck } from './browser';
import { ALL_SECRETS, BAD_MODELS_KEY, QUOTA_MODELS_KEY, loadCases, type CaseContext, type E2ECase } from './cases';
import { builtPackageProblems, ensureInstalled, REPO_ROOT, type N8nTarget } from './env';
import { N8nHome, packageSource, type RunningN8n } from './n8n';
import { startSink, type RunningSink } from './sink';
import { CRED, exampleFiles, loadExample } from './workflow';

export interface BuiltNodes {
	/** Node name → operation values. */
	operations: Map<string, string[]>;
	/** Node name → action labels shown in the nodes panel. */
	actions: Map<string, string[]>;
	/** Node name → [resource value, display name]. */
	resources: Map<string, Array<[string, string]>>;
	/** `<node>.<resource>` → operation display names. */
	operationNames: Map<string, string[]>;
	/** Node name → names of all its parameters. */
}

interface Prop {
	name: string;
	options?: Array<{ value?: unknown; name?: string; action?: string }>;
	displayOptions?: { show?: Record<string, unknown[]> };
}

/** Node types, resources and operations of the built package, read from its compiled descriptions. */
export function builtNodes(): BuiltNodes {
	const root = packageSource();
	const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
	const result: BuiltNodes = { operations: new Map(), actions: new Map(), resources: new Map(), operationNames: new Map() };
	for (const file of pkg.n8n.nodes) {
		const mod = require(path.join(root, file)) as Record<string, new () => { description: { name: string; properties: Prop[] } }>;
		for (const Cls of Object.values(mod)) {
			if (typeof Cls !== 'function') continue;
			const d = new Cls().description;
			const opProps = d.properties.filter((p) => p.name === 'operation');
			const opts = opProps.flatMap((p) => p.options ?? []);
			result.operations.set(d.name, [...new Set(opts.map((o) => String(o.value)))]);
			result.actions.set(d.name, opts.map((o) => o.action ?? o.name ?? ''));
			const res = d.properties.find((p) => p.name === 'resource');
			result.resources.set(d.name, (res?.options ?? []).map((o) => [String(o.value), String(o.name)]));
			for (const p of opProps) {
				for (const r of (p.displayOptions?.show?.resource as string[] | undefined) ?? []) {
					result.operationNames.set(`${d.name}.${r}`, (p.options ?? []).map((o) => String(o.name)));
				}
			}
		}
	}
	return result;
}

export function emulatorConfig() {
	return {
		modelsKeys: {
			[DEFAULT_MODELS_KEY]: { concurrency: 2 },
			[QUOTA_MODELS_KEY]: { quotaExhausted: true },
		},
		// Long enough that concurrent requests overlap (the bounded-concurrency checks), short enough to be quick.
		processingMs: { 'velma-2-stt-batch': 200, 'velma-2-stt-batch-english-vfast': 100 },
	};
}

export function e2eCredentials(emuUrl: string) {
	return [
		{ ...CRED.models, type: 'modulateApi', data: { apiKey: DEFAULT_MODELS_KEY, baseUrl: emuUrl } },
		{ ...CRED.badKey, type: 'modulateApi', data: { apiKey: BAD_MODELS_KEY, baseUrl: emuUrl } },
		{ ...CRED.quota, type: 'modulateApi', data: { apiKey: QUOTA_MODELS_KEY, baseUrl: emuUrl } },
		{ ...CRED.emptyKey, type: 'modulateApi', data: { apiKey: '', baseUrl: emuUrl } },
		{ ...CRED.noScheme, type: 'modulateApi', data: { apiKey: DEFAULT_MODELS_KEY, baseUrl: emuUrl.replace(/^https?:\/\//, '') } },
		{ ...CRED.closedPort, type: 'modulateApi', data: { apiKey: DEFAULT_MODELS_KEY, baseUrl: 'http://127.0.0.1:9' } },
		// the emulator's fake chat model (test/emulator/chat.ts), for the AI-agent case
		{ ...CRED.fakeChat, type: 'openAiApi', data: { apiKey: 'sk-e2e-fake-chat-model', url: `${emuUrl}/v1` } },
		{
			...CRED.platform,
			type: 'modulatePlatformApi',
			data: { accountUuid: DEFAULT_PLATFORM_ACCOUNT.accountUuid, apiKey: DEFAULT_PLATFORM_ACCOUNT.apiKey, baseUrl: emuUrl },
		},
	];
}

/** Diagnostics of one suite: to stderr and to `test-output/e2e-n8n-<version>.log` (started anew each run). */
export function suiteLog(target: N8nTarget): (message: string) => void {
	const dir = path.join(REPO_ROOT, 'test-output');
	const file = path.join(dir, `e2e-n8n-${target.version}.log`);
	let fresh = true;
	return (message) => {
		const line = `[e2e n8n ${target.version}] ${message}\n`;
		process.stderr.write(line);
		mkdirSync(dir, { recursive: true });
		if (fresh) writeFileSync(file, '');
		fresh = false;
		appendFileSync(file, line);
	};
}

export function defineSuite(target: N8nTarget): void {
	const diagnostic = suiteLog(target);
	describe(`n8n ${target.version} on Node ${target.nodeVersion}`, () => {
		let emu: RunningEmulator;
		let sink: RunningSink;
		let home: N8nHome;
		let server: RunningN8n | undefined;
		let nodeTypes = new Set<string>();
		let built: BuiltNodes;
		let operations = new Map<string, string[]>();
		// MODULATE_E2E_ONLY=<text>: only the cases whose id or title contains it (debugging).
		const only = process.env.MODULATE_E2E_ONLY?.toLowerCase();
		const cases = loadCases()
			.filter((c) => !c.majors || c.majors.includes(target.major))
			.filter((c) => !only || c.id.toLowerCase().includes(only) || c.title.toLowerCase().includes(only));
		const runnable = (c: E2ECase) => (c.requires ?? ['modulate']).every((t) => nodeTypes.has(t));
		// Jest decides skips when tests are defined, so read the built package now. Not built: every case is
		// defined as runnable, and beforeAll fails them all with the "not built" message.
		const builtNow = builtPackageProblems().length === 0 ? builtNodes() : undefined;
		const typesNow = builtNow ? new Set(builtNow.operations.keys()) : undefined;
		const runnableNow = (c: E2ECase) => !typesNow || (c.requires ?? ['modulate']).every((t) => typesNow.has(t));

		beforeAll(async () => {
			await ensureInstalled(target);
			const missing = builtPackageProblems();
			assert.deepEqual(missing, [], `the package is not built (run \`npm run build\`): missing ${missing.join(', ')}`);
			built = builtNodes();
			operations = built.operations;
			nodeTypes = new Set(operations.keys());
			emu = await startEmulator({ config: emulatorConfig() });
			sink = await startSink();
			home = new N8nHome(target);
			await home.importCredentials(e2eCredentials(emu.url));
			const ctx = { sink, emu, target };
			await home.importWorkflows(cases.filter(runnable).map((c) => c.workflow(ctx)));
		}, 900_000); // may install this n8n first (scripts/e2e-setup.sh) when run without `npm run test:e2e`

		afterAll(async () => {
			await server?.stop();
			await home?.dispose();
			await sink?.close();
			await emu?.close();
		}, 120_000);

		if (only) diagnostic('skipped: the operation coverage check (MODULATE_E2E_ONLY is set)');
		(only ? test.skip : test)('every operation of the built nodes is covered by an E2E case', () => {
			const covered = new Set(cases.filter(runnable).flatMap((c) => c.covers));
			const missing = [...operations].flatMap(([n, ops]) => ops.map((o) => `${n}.${o}`)).filter((o) => !covered.has(o));
			assert.deepEqual(missing, [], `operations without an E2E case on n8n ${target.version}: ${missing.join(', ')}`);
		});

		for (const c of cases) {
			if (!runnableNow(c)) {
				diagnostic(`skipped: ${c.title}: needs node type(s) ${(c.requires ?? []).join(', ')} in the built package`);
				test.skip(c.title, () => {});
				continue;
			}
			test(c.title, async () => {
				emu.state.configure(emulatorConfig());
				const emuMark = emu.state.requests.length;
				const sinkMark = sink.records.length;
				const ctx: CaseContext = {
					target,
					emu,
					sink,
					nodeTypes,
					requests: (filter = {}) =>
						emu.state.requests
							.slice(emuMark)
							.filter((r) => (!filter.surface || r.surface === filter.surface) && (!filter.path || r.path.includes(filter.path))),
					posted: (prefix) => sink.records.slice(sinkMark).filter((r) => r.path.startsWith(prefix)),
				};
				await c.before?.(ctx);
				const run = await home.execute(c.id, { timeoutMs: c.timeoutMs ?? 240_000 });
				if (process.env.MODULATE_E2E_DEBUG) {
					for (const [name, runs] of Object.entries(run.data?.data?.resultData?.runData ?? {})) {
						const items = runs[0]?.data?.main?.flatMap((o) => o ?? []) ?? [];
						diagnostic(`${c.id}: ${name}: ${JSON.stringify(items.map((i) => i.json)).slice(0, 600)}`);
					}
				}
				if (c.expectFailure) assert.notEqual(run.code, 0, 'the execution was expected to fail');
				const text = run.stdout + run.stderr;
				for (const s of ALL_SECRETS) assert.ok(!text.includes(s), `an API key (${s.slice(0, 6)}…) appears in n8n's output`);
				await c.check(run, ctx);
			}, c.timeoutMs ?? 300_000);
		}

		test(`every example in examples/ imports into n8n ${target.version}`, async () => {
			const files = exampleFiles();
			assert.ok(files.length >= 3, 'examples/ has the three example workflows');
			const r = await home.cli(['import:workflow', '--separate', `--input=${path.join(REPO_ROOT, 'examples')}`]);
			assert.equal(r.code, 0, `import:workflow failed:\n${r.stdout}\n${r.stderr}`);
			assert.doesNotMatch(r.stdout + r.stderr, /\berror\b.*import|could not|failed/i);
			const exported = path.join(home.dir, 'exported.json');
			const e = await home.cli(['export:workflow', '--all', `--output=${exported}`]);
			assert.equal(e.code, 0, `export:workflow failed:\n${e.stdout}\n${e.stderr}`);
			const all = JSON.parse(readFileSync(exported, 'utf8')) as Array<{ id: string; nodes: Array<{ type: string }> }>;
			for (const f of files) {
				const ex = loadExample(f);
				const got = all.find((w) => w.id === ex.id);
				assert.ok(got, `${path.basename(f)} (id ${ex.id}) is in n8n after the import`);
				assert.equal(got.nodes.length, ex.nodes.length, `${path.basename(f)}: node count after import`);
				assert.ok(ex.nodes.some((n) => n.type.startsWith('n8n-nodes-modulate.')), `${path.basename(f)} uses our nodes`);
			}
		});

		test('credential tests in the running editor: a right key passes, a wrong key fails', async () => {
			server = await home.start();
			await server.setupOwner();
			const good = await server.testCredential('modulateApi', { apiKey: DEFAULT_MODELS_KEY, baseUrl: emu.url });
			assert.equal(good.status, 'OK', `Modulate API, right key: ${good.message}`);
			const bad = await server.testCredential('modulateApi', { apiKey: BAD_MODELS_KEY, baseUrl: emu.url });
			assert.equal(bad.status, 'Error', 'Modulate API, wrong key must fail');
			assert.ok(!bad.message.includes(BAD_MODELS_KEY), 'no key in the test message');
			const presets = emu.state.requests.filter((r) => r.path.includes('list-presets'));
			assert.ok(
				presets.some((r) => r.headers['x-api-key'] === DEFAULT_MODELS_KEY),
				`the test sent X-API-Key to list-presets; emulator saw: ${JSON.stringify(emu.state.requests.slice(-4).map((r) => [r.method, r.path, r.status, Object.keys(r.headers)]))}`,
			);
			if (nodeTypes.has('modulatePlatform') || existsSync(path.join(packageSource(), 'dist/credentials/ModulatePlatformApi.credentials.js'))) {
				const pGood = await server.testCredential('modulatePlatformApi', { ...DEFAULT_PLATFORM_ACCOUNT, baseUrl: emu.url });
				assert.equal(pGood.status, 'OK', `Modulate Platform API, right key: ${pGood.message}`);
				const pBad = await server.testCredential('modulatePlatformApi', { accountUuid: DEFAULT_PLATFORM_ACCOUNT.accountUuid, apiKey: 'pk_e2e_wrong', baseUrl: emu.url });
				assert.equal(pBad.status, 'Error', 'Modulate Platform API, wrong key must fail');
			}
		}, 180_000);

		if (target.major === '2') {
			const title = 'browser: the Modulate node, its icon and its operations render in the editor; Analyze Call runs there';
			const hasChromium = () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
			// In CI the set-up installs Chromium, so its absence is a failure, not a reason to skip.
			if (!hasChromium() && !process.env.CI) {
				diagnostic(`skipped: ${title}: no /usr/bin/chromium (scripts/e2e-setup.sh chromium installs it)`);
				test.skip(title, () => {});
			} else {
				test(title, async () => {
					if (!hasChromium()) {
						assert.ok(!process.env.CI, 'no /usr/bin/chromium in CI: scripts/e2e-setup.sh chromium should have installed it');
					}
					if (!server) {
						server = await home.start();
						await server.setupOwner();
					}
					const callCenter = cases.find((k) => k.covers.includes('modulate.analyzeCall') && k.id.startsWith(loadExample('call-center-pipeline.json').id));
					const shots = await browserCheck(server, {
						...built,
						log: (m) => diagnostic(m),
						analyzeCall: callCenter && runnable(callCenter) ? { workflowId: callCenter.id, nodeName: 'Analyze Call' } : undefined,
					});
					diagnostic(`screenshots: ${shots.join(', ')}`);
				}, 480_000);
			}
		}
	});
}
