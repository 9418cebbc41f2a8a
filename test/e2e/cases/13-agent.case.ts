/**
 * Our node as an AI-agent tool in real n8n (2.40.5, and 1.123.50, where tool mode works the same way): Manual Trigger → AI Agent, with an OpenAI Chat Model
 * whose credential's Base URL is the emulator's fake chat model (test/emulator/chat.ts) and the Modulate
 * node's tool variant (`modulateTool`, Transcribe, the recording's URL from `$fromAI`).
 *
 * The fake model calls the tool it is offered (its name read from the request) with the URL of a
 * recording the sink serves, then answers with a text quoting the tool's result. Checked: the model was
 * offered our tool with the operation's action text and the `$fromAI` argument, the tool ran, Modulate
 * (the emulator) got the recording's bytes, and the agent's answer holds the transcript.
 *
 * Needs URL input ("Input": URL, parameter `audioUrl`): skipped, with that reason, on a build without it.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PRESETS } from '../../emulator/batch';
import { chatOf, CHAT_MODEL_ID, type ChatCall } from '../../emulator/chat';
import { loadCalls } from '../../emulator/scripts';
import { assertSucceeded, out, type E2ECase } from '../lib/cases';
import { nodeRuns } from '../lib/n8n';
import { CRED, manualTrigger, node, PKG, workflow } from '../lib/workflow';

const RECORDING = 'call-01-billing.wav';
const TOOL_NODE = 'Transcribe call';
const URL_ARGUMENT = 'recordingUrl';

/** Manual Trigger → AI Agent, with the fake chat model and one Modulate tool node. */
function agentWorkflow(id: string, name: string, prompt: string, toolNode: string, toolParameters: Record<string, unknown>) {
	const agent = node('AI Agent', '@n8n/n8n-nodes-langchain.agent', 3, { promptType: 'define', text: prompt, options: {} });
	const model = node(
		'Chat model',
		'@n8n/n8n-nodes-langchain.lmChatOpenAi',
		1.2,
		{ model: { __rl: true, mode: 'id', value: CHAT_MODEL_ID }, options: {} },
		{ credentials: { openAiApi: CRED.fakeChat } },
	);
	const tool = node(toolNode, `${PKG}.modulateTool`, 1, toolParameters as never, { credentials: { modulateApi: CRED.models } });
	const wf = workflow(id, name, [manualTrigger('Start'), agent, model, tool], [['Start', 'AI Agent']]);
	wf.connections['Chat model'] = { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] } as never;
	wf.connections[toolNode] = { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] } as never;
	model.position = [260, 200];
	tool.position = [520, 200];
	return wf;
}

/** The fake model's first call: our one tool, named after its node, described by the operation's action. */
function assertOffered(calls: ChatCall[], toolName: string, description: string, argumentKeys: string[]): void {
	assert.ok(calls.length >= 2, `the agent asked the model twice or more; it asked ${calls.length} time(s)`);
	const offered = calls[0].tools;
	assert.deepEqual(offered.map((t) => t.name), [toolName]);
	assert.equal(offered[0].description, description);
	assert.deepEqual(Object.keys(offered[0].parameters?.properties ?? {}), argumentKeys);
	assert.equal(calls[0].answer.kind, 'toolCall');
	assert.ok(calls.some((call) => call.answer.kind === 'final'), 'the model was called again with the tool result');
}

const c: E2ECase = {
	id: 'e2eAgentTool00000001',
	title: 'AI agent: the Modulate tool transcribes a recording by URL for an agent',
	covers: ['modulate.transcribe'],
	majors: ['1', '2'],
	timeoutMs: 180_000,
	workflow: () =>
		agentWorkflow(c.id, 'E2E: Modulate as an AI-agent tool', 'Transcribe the call recording I uploaded and tell me what was said.', TOOL_NODE, {
			resource: 'transcription',
			operation: 'transcribe',
			audioInput: 'url',
			audioUrl: `={{ $fromAI('${URL_ARGUMENT}', 'Link to the call recording (http or https)', 'string') }}`,
			options: {},
		}),
	before(ctx) {
		const chat = chatOf(ctx.emu.state);
		chat.reset();
		chat.configure({ arguments: { [URL_ARGUMENT]: `${ctx.sink.url}/recordings/${RECORDING}` } });
	},
	check(run, ctx) {
		assertSucceeded(run);
		const calls = chatOf(ctx.emu.state).calls;
		assertOffered(calls, 'Transcribe_call', 'Transcribe a call recording into text with speakers in Modulate', [URL_ARGUMENT]);

		// The tool ran, and Modulate got the recording's bytes.
		assert.ok(nodeRuns(run.data, TOOL_NODE).length >= 1, 'the tool node ran');
		const uploads = ctx.requests({ path: '/api/velma-2-stt-batch' }).filter((r) => r.path === '/api/velma-2-stt-batch');
		assert.equal(uploads.length, 1);
		const wav = readFileSync(path.join(__dirname, '../../fixtures/audio', RECORDING));
		assert.equal(uploads[0].files[0].sha256, createHash('sha256').update(wav).digest('hex'));

		// The agent's answer quotes the transcript.
		const firstLine = loadCalls()['call-01-billing'].utterances[0].text;
		const [answer] = out(run, 'AI Agent');
		assert.ok(String(answer.json.output).includes(firstLine), `the agent's answer holds the transcript: ${String(answer.json.output).slice(0, 300)}`);
	},
};

/** A tool that needs no input (List Presets): the whole agent round trip, independent of URL input. */
const presets: E2ECase = {
	id: 'e2eAgentToolPresets01',
	title: 'AI agent: the Modulate tool lists behavior presets for an agent',
	covers: ['modulate.listPresets'],
	majors: ['1', '2'],
	timeoutMs: 180_000,
	workflow: () =>
		agentWorkflow(presets.id, 'E2E: Modulate as an AI-agent tool (presets)', 'Which behaviors can Modulate look for in a call?', 'List presets', {
			resource: 'conversation',
			operation: 'listPresets',
			options: {},
		}),
	before(ctx) {
		chatOf(ctx.emu.state).reset();
	},
	check(run, ctx) {
		assertSucceeded(run);
		assertOffered(chatOf(ctx.emu.state).calls, 'List_presets', 'List the behaviors conversation analysis can look for in Modulate', []);
		assert.equal(ctx.requests({ path: '/api/velma-2-batch/list-presets' }).length, 1, 'the tool called Modulate');
		const [answer] = out(run, 'AI Agent');
		for (const preset of PRESETS.slice(0, 2)) {
			assert.ok(String(answer.json.output).includes(preset.name), `the answer names preset ${preset.name}`);
		}
	},
};

export default [c, presets];
