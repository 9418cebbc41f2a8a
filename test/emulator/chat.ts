/**
 * A scripted, OpenAI-compatible chat-completions endpoint, so an n8n AI Agent can be run against our
 * nodes as tools without a real model: `POST /v1/chat/completions` (plain JSON, or server-sent events
 * when the client asks for `stream: true`) and `GET /v1/models`.
 *
 * The script, per conversation:
 * 1. No tool result in the messages yet: answer with one call to the tool named in `toolName`, or, when
 *    none is set, to the only tool the request offers. Its arguments fill the tool's JSON schema from
 *    `arguments` (by property name); a property with no value configured is left out and noted.
 * 2. A tool result arrived: answer with a final text that quotes it (`Tool result: <content>`).
 * Every request and what was answered is recorded in `calls`, for tests to assert on.
 *
 * The state lives beside the emulator's own state (one FakeChat per EmulatorState), so state.ts and its
 * reset are untouched; `chatOf(state).reset()` clears it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorState } from './state';

export const CHAT_MODEL_ID = 'velma-agent-fake';

export interface ChatScript {
	/** Name of the tool to call; default: the only tool of the request (an error answer when there are several). */
	toolName?: string;
	/** Values for the tool's arguments, by schema property name. */
	arguments: Record<string, unknown>;
}

export interface OfferedTool {
	name: string;
	description?: string;
	parameters?: { properties?: Record<string, { type?: string; description?: string }>; required?: string[] };
}

export interface ChatCall {
	stream: boolean;
	/** The request body as received. */
	body: {
		model?: string;
		messages?: Array<{ role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string }>;
		tools?: Array<{ type: string; function: OfferedTool }>;
		stream?: boolean;
	};
	tools: OfferedTool[];
	answer:
		| { kind: 'toolCall'; toolName: string; arguments: Record<string, unknown>; missing: string[] }
		| { kind: 'final'; content: string; toolResult: string }
		| { kind: 'error'; status: number; message: string };
}

export class FakeChat {
	script: ChatScript = { arguments: {} };
	calls: ChatCall[] = [];
	private nextId = 1;

	configure(script: Partial<ChatScript>): void {
		this.script = { ...this.script, ...script };
	}

	reset(): void {
		this.script = { arguments: {} };
		this.calls = [];
	}

	/** The answer for one request body, per the script in the header. */
	decide(body: ChatCall['body']): ChatCall['answer'] {
		const tools = (body.tools ?? []).map((t) => t.function);
		const messages = body.messages ?? [];
		const toolResult = [...messages].reverse().find((m) => m.role === 'tool');
		if (toolResult) {
			const text = typeof toolResult.content === 'string' ? toolResult.content : JSON.stringify(toolResult.content);
			return { kind: 'final', content: `Tool result: ${text}`, toolResult: text };
		}
		const tool = this.script.toolName ? tools.find((t) => t.name === this.script.toolName) : tools.length === 1 ? tools[0] : undefined;
		if (!tool) {
			const offered = tools.map((t) => t.name).join(', ') || 'none';
			return { kind: 'error', status: 400, message: `fake chat: no tool to call (wanted ${this.script.toolName ?? 'the only tool'}; offered: ${offered})` };
		}
		const args: Record<string, unknown> = {};
		const missing: string[] = [];
		for (const key of Object.keys(tool.parameters?.properties ?? {})) {
			if (key in this.script.arguments) args[key] = this.script.arguments[key];
			else missing.push(key);
		}
		return { kind: 'toolCall', toolName: tool.name, arguments: args, missing };
	}

	id(): string {
		return `chatcmpl-fake-${this.nextId++}`;
	}
}

const chats = new WeakMap<EmulatorState, FakeChat>();

export function chatOf(state: EmulatorState): FakeChat {
	let chat = chats.get(state);
	if (!chat) {
		chat = new FakeChat();
		chats.set(state, chat);
	}
	return chat;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	return text ? JSON.parse(text) : {};
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

/** The assistant message of an answer, as chat.completions returns it. */
function assistantMessage(answer: Exclude<ChatCall['answer'], { kind: 'error' }>, callId: string) {
	if (answer.kind === 'final') return { role: 'assistant', content: answer.content };
	return {
		role: 'assistant',
		content: null,
		tool_calls: [{ id: callId, type: 'function', function: { name: answer.toolName, arguments: JSON.stringify(answer.arguments) } }],
	};
}

function sendCompletion(res: ServerResponse, chat: FakeChat, model: string, answer: Exclude<ChatCall['answer'], { kind: 'error' }>): void {
	const id = chat.id();
	sendJson(res, 200, {
		id,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [{ index: 0, message: assistantMessage(answer, `call_${id}`), finish_reason: answer.kind === 'final' ? 'stop' : 'tool_calls' }],
		usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
	});
}

/** The same answer as server-sent `chat.completion.chunk` events, ending with `[DONE]`. */
function streamCompletion(res: ServerResponse, chat: FakeChat, model: string, answer: Exclude<ChatCall['answer'], { kind: 'error' }>, withUsage: boolean): void {
	const id = chat.id();
	const created = Math.floor(Date.now() / 1000);
	const chunk = (choices: unknown[], extra: object = {}) =>
		`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra })}\n\n`;
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	if (answer.kind === 'final') {
		res.write(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
		res.write(chunk([{ index: 0, delta: { content: answer.content }, finish_reason: null }]));
		res.write(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]));
	} else {
		const call = { index: 0, id: `call_${id}`, type: 'function', function: { name: answer.toolName, arguments: JSON.stringify(answer.arguments) } };
		res.write(chunk([{ index: 0, delta: { role: 'assistant', content: null, tool_calls: [call] }, finish_reason: null }]));
		res.write(chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]));
	}
	if (withUsage) res.write(chunk([], { usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 } }));
	res.end('data: [DONE]\n\n');
}

/** Answers `/v1/...`; false when the path is not the fake model's. */
export async function handleChat(req: IncomingMessage, res: ServerResponse, state: EmulatorState): Promise<boolean> {
	const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '');
	const chat = chatOf(state);
	if (req.method === 'GET' && path === '/v1/models') {
		sendJson(res, 200, { object: 'list', data: [{ id: CHAT_MODEL_ID, object: 'model', created: 0, owned_by: 'modulate-emulator' }] });
		return true;
	}
	if (req.method !== 'POST' || path !== '/v1/chat/completions') return false;
	let body: ChatCall['body'];
	try {
		body = (await readJson(req)) as ChatCall['body'];
	} catch {
		sendJson(res, 400, { error: { message: 'fake chat: the body is not JSON', type: 'invalid_request_error' } });
		return true;
	}
	const stream = body.stream === true;
	const answer = chat.decide(body);
	chat.calls.push({ stream, body, tools: (body.tools ?? []).map((t) => t.function), answer });
	if (answer.kind === 'error') {
		sendJson(res, answer.status, { error: { message: answer.message, type: 'invalid_request_error' } });
		return true;
	}
	const model = body.model ?? CHAT_MODEL_ID;
	const withUsage = (body as { stream_options?: { include_usage?: boolean } }).stream_options?.include_usage === true;
	if (stream) streamCompletion(res, chat, model, answer, withUsage);
	else sendCompletion(res, chat, model, answer);
	return true;
}
