/**
 * The fake chat model (chat.ts) over plain HTTP: the tool call from the offered tool's schema, the final
 * answer quoting the tool result, the same as server-sent events, the model list, and the errors.
 */
import assert from 'node:assert/strict';
import { chatOf, CHAT_MODEL_ID } from './chat';
import { useEmulator } from '../helpers/emulator';

const emulator = useEmulator();

const tool = {
	type: 'function',
	function: {
		name: 'Transcribe_call',
		description: 'Transcribe a call recording into text with speakers in Modulate',
		parameters: { type: 'object', properties: { recordingUrl: { type: 'string' }, language: { type: 'string' } }, required: ['recordingUrl'] },
	},
};
const user = { role: 'user', content: 'What was said in the call?' };

async function complete(body: object): Promise<Response> {
	return await fetch(`${emulator.url}/v1/chat/completions`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ model: CHAT_MODEL_ID, ...body }),
	});
}

describe('fake chat model', () => {
	beforeEach(() => chatOf(emulator.state).reset());

	it('first turn: a call to the offered tool with the configured arguments; second: a final answer quoting the result', async () => {
		chatOf(emulator.state).configure({ arguments: { recordingUrl: 'http://127.0.0.1:1/r.wav' } });
		const first = (await (await complete({ messages: [user], tools: [tool] })).json()) as {
			choices: Array<{ message: { tool_calls: Array<{ id: string; function: { name: string; arguments: string } }> }; finish_reason: string }>;
		};
		const call = first.choices[0].message.tool_calls[0];
		assert.equal(first.choices[0].finish_reason, 'tool_calls');
		assert.equal(call.function.name, 'Transcribe_call');
		assert.deepEqual(JSON.parse(call.function.arguments), { recordingUrl: 'http://127.0.0.1:1/r.wav' });

		const messages = [user, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: '[{"text":"hello"}]' }];
		const second = (await (await complete({ messages, tools: [tool] })).json()) as { choices: Array<{ message: { content: string } }> };
		assert.equal(second.choices[0].message.content, 'Tool result: [{"text":"hello"}]');

		const calls = chatOf(emulator.state).calls;
		assert.deepEqual(calls.map((c) => c.answer.kind), ['toolCall', 'final']);
		assert.deepEqual(calls[0].answer.kind === 'toolCall' && calls[0].answer.missing, ['language']);
	});

	it('stream: true gives the same answer as chat.completion.chunk events ending with [DONE]', async () => {
		chatOf(emulator.state).configure({ arguments: { recordingUrl: 'http://x/r.wav' } });
		const res = await complete({ messages: [user], tools: [tool], stream: true, stream_options: { include_usage: true } });
		assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
		const events = (await res.text()).split('\n\n').filter(Boolean).map((e) => e.replace(/^data: /, ''));
		assert.equal(events.at(-1), '[DONE]');
		const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as { object: string; choices: Array<{ delta: { tool_calls?: Array<{ function: { name: string } }> } }> });
		assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk'));
		assert.equal(chunks[0].choices[0].delta.tool_calls?.[0].function.name, 'Transcribe_call');
	});

	it('lists its model, and answers 400 when there is no single tool to call', async () => {
		const models = (await (await fetch(`${emulator.url}/v1/models`)).json()) as { data: Array<{ id: string }> };
		assert.deepEqual(models.data.map((m) => m.id), [CHAT_MODEL_ID]);
		const res = await complete({ messages: [user], tools: [tool, { ...tool, function: { ...tool.function, name: 'Other' } }] });
		assert.equal(res.status, 400);
		assert.match(((await res.json()) as { error: { message: string } }).error.message, /offered: Transcribe_call, Other/);
	});
});
