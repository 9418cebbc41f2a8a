/**
 * The parameters an AI agent fills work with `$fromAI(...)`: the schema n8n builds for the tool from
 * the node's parameters (n8n-core's getSchema, the function the agent's tool is made with), and the value
 * the node then reads. Outside an agent, n8n resolves `$fromAI('key')` from the input item's JSON, which
 * is where an agent's tool call puts its arguments; so the harness stands in for the agent here.
 * The real agent runs in the E2E case test/e2e/cases/10-agent.case.ts.
 */
import assert from 'node:assert/strict';
import { createNodeAsTool } from 'n8n-core/dist/execution-engine/node-execution-context/utils/create-node-as-tool';
import type { INode, INodeParameters, INodeType } from 'n8n-workflow';
import { Modulate, ModulatePlatform } from '../helpers/nodes';
import { platformRunner } from '../helpers/platformRunner';
import { startRecordingServer } from '../helpers/recordingServer';
import type { RecordingServer } from '../helpers/recordingServer';
import { sha, transcribe, useModulate, wav1, wavItem } from '../modulate/support';

const { emulator, run, modelRequests } = useModulate();
const platform = platformRunner(() => emulator.url);

const LANGUAGE = "={{ $fromAI('language', 'ISO 639-1 code of the spoken language, e.g. en', 'string') }}";
const RECORDING_URL = "={{ $fromAI('recordingUrl', 'Link to the call recording (http or https)', 'string') }}";
const JOB_ID = "={{ $fromAI('jobId', 'The job ID returned when the recording was submitted', 'string') }}";

/** What the test reads of the LangChain tool (typed loosely: LangChain's types are too deep for tsc here). */
interface BuiltTool {
	name: string;
	description: string;
	schema: { shape: Record<string, { description?: string }> };
}

/** The tool n8n hands an agent for our node with these parameters: its name, description and argument schema. */
function asTool(nodeType: INodeType, name: string, parameters: INodeParameters) {
	const node: INode = { id: 't', name, type: `n8n-nodes-modulate.${nodeType.description.name}Tool`, typeVersion: 1, position: [0, 0], parameters };
	const build = createNodeAsTool as unknown as (options: object) => { response: BuiltTool };
	const tool = build({ node, nodeType, handleToolInvocation: async () => await Promise.resolve('') }).response;
	return { name: tool.name, description: tool.description, shape: tool.schema.shape };
}

let recordings: RecordingServer;
beforeAll(async () => {
	recordings = await startRecordingServer();
	recordings.file('/calls/call-01.wav', { body: wav1, contentType: 'audio/wav' });
});
afterAll(async () => await recordings.close());

describe('$fromAI in the parameters an agent fills', () => {
	it('the tool n8n builds: the action text as description, the $fromAI keys as arguments', () => {
		const tool = asTool(new Modulate(), 'Transcribe call', transcribe({ language: LANGUAGE }));
		assert.equal(tool.name, 'Transcribe_call');
		assert.equal(tool.description, 'Transcribe a call recording into text with speakers in Modulate');
		assert.deepEqual(Object.keys(tool.shape), ['language']);
		assert.equal(tool.shape.language.description, 'ISO 639-1 code of the spoken language, e.g. en');

		const status = asTool(new ModulatePlatform(), 'Job status', { resource: 'job', operation: 'getStatus', jobId: JOB_ID });
		assert.equal(status.description, 'Get the status and results of a job by its job ID in Modulate Platform');
		assert.deepEqual(Object.keys(status.shape), ['jobId']);
	});

	it('Transcribe by URL: the schema has the URL argument, and the recording at the URL the model gave reaches Modulate', async () => {
		const parameters = { ...transcribe(), audioInput: 'url', audioUrl: RECORDING_URL };
		const tool = asTool(new Modulate(), 'Transcribe call', parameters);
		assert.deepEqual(Object.keys(tool.shape), ['recordingUrl']);
		const { output } = await run(parameters, [{ json: { recordingUrl: recordings.url('/calls/call-01.wav') } }]);
		assert.equal(output[0].length, 1);
		assert.equal(typeof output[0][0].json.text, 'string');
		assert.equal(modelRequests()[0].files[0].sha256, sha(wav1));
		assert.equal(output[0][0].binary, undefined);
	});

	it('Transcribe: the language the model gave reaches Modulate', async () => {
		const item = await wavItem();
		item.json = { language: 'fr' };
		const { output } = await run(transcribe({ language: LANGUAGE }), [item]);
		assert.equal(output[0].length, 1);
		assert.equal(modelRequests()[0].fields.language, 'fr');
	});

	it('Get Status: the job ID the model gave is the one asked for', async () => {
		const submitted = await platform.run({ operation: 'submit', waitForCompletion: false }, [await wavItem()]);
		const jobId = String(submitted.output[0][0].json.job_id);
		const { output } = await platform.run({ operation: 'getStatus', jobId: JOB_ID }, [{ json: { jobId } }]);
		assert.equal(output[0][0].json.job_id, jobId);
		assert.ok(emulator.state.requests.some((r) => r.path === `/api_service/job_status/${jobId}`));
	});
});
