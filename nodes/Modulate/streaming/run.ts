/**
 * Streams one item's audio through one streaming model: resolves and plans the audio, builds the URL
 * (Base URL with https→wss, `api_key` and audio parameters in the query), and runs sessions under the
 * shared retry loop, each attempt from the start of the file with a fresh collector.
 * Failures become n8n errors through the shared `toNodeError`, with every secret scrubbed.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { resolveAudio } from '../../shared/binary';
import type { AudioInput } from '../../shared/binary';
import type { AudioSource } from '../../shared/audioSource';
import { toNodeError } from '../../shared/transport/errors';
import type { ItemCredentials } from '../../shared/transport/credentials';
import { classified } from '../../shared/transport/errors';
import { noteRetry } from '../../shared/runHints';
import { withRetries } from '../../shared/transport/retry';
import { scrubSecrets } from '../../shared/transport/secrets';
import { planAudio, RAW_EXTENSIONS, RAW_FORMATS } from './audioPlan';
import type { AudioPlan } from './audioPlan';
import type { StreamingSettings } from './fields';
import { runSession } from './session';
import type { SessionStats, StreamCollector } from './session';
import { NO_WEBSOCKET_MESSAGE, webSocketConstructor } from './websocket';

export interface StreamCall<C extends StreamCollector> {
	/** Model path segment, e.g. `velma-2-stt-streaming`. */
	model: string;
	/** For messages: "Transcribe (Streaming)". */
	operation: string;
	/** Containers the endpoint takes (its spec). */
	containers: string[];
	/** Extra query parameters (booleans and numbers are sent as text). */
	query?: Record<string, string | number | boolean | undefined>;
	/** STT only: the first-frame JSON config. */
	configFrame?: IDataObject;
	createCollector(): C;
}

/** What one item streams: where its audio comes from and the operation's streaming options. */
export interface StreamInput {
	source: AudioSource;
	settings: StreamingSettings;
}

export interface StreamResult<C> {
	collector: C;
	audio: AudioInput;
	plan: AudioPlan;
	stats: SessionStats;
	attempts: number;
	events?: IDataObject[];
}

/** `https://host/base` → `wss://host/base/api/<model>?…`; `http` → `ws` (local emulators). */
export function streamingUrl(baseUrl: string, model: string, query: Record<string, string | number | boolean | undefined>): string {
	const wsBase = baseUrl.replace(/^http(s?):\/\//i, (_m, s: string) => `ws${s}://`);
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
	return `${wsBase}/api/${model}?${params.toString()}`;
}

export async function streamItem<C extends StreamCollector>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
	{ source, settings }: StreamInput,
	call: StreamCall<C>,
): Promise<StreamResult<C>> {
	const node = ctx.getNode();
	const WebSocketImpl = webSocketConstructor();
	if (!WebSocketImpl) {
		const error = new NodeOperationError(node, `${call.operation}: ${NO_WEBSOCKET_MESSAGE}`, { itemIndex });
		throw classified(error, { category: 'unsupportedRuntime', retryable: false });
	}
	const raw = RAW_FORMATS.includes(settings.audioFormat);
	const audio = await resolveAudio.call(ctx, itemIndex, source, {
		extensions: raw ? RAW_EXTENSIONS : [...call.containers, 'opus', 'm4a'],
		maxBytes: Number.MAX_SAFE_INTEGER,
		operation: call.operation,
	});
	const plan = await planAudio.call(ctx, itemIndex, audio, {
		audioFormat: settings.audioFormat,
		sampleRate: settings.sampleRate,
		numChannels: settings.numChannels,
		containers: call.containers,
		operation: call.operation,
	});

	const { secrets } = credentials;
	const url = streamingUrl(credentials.baseUrl, call.model, { api_key: credentials.apiKey, ...plan.query, ...call.query });
	const signal = ctx.getExecutionCancelSignal?.();
	const context = { surface: 'models' as const, target: call.model };
	let collector = call.createCollector();
	let events: IDataObject[] | undefined;

	const { outcome, attempts } = await withRetries(
		async () => {
			collector = call.createCollector();
			events = settings.includeRawEvents ? [] : undefined;
			return await runSession({
				url,
				secrets,
				configFrame: call.configFrame ? JSON.stringify(call.configFrame) : undefined,
				payload: () => plan.payload(settings.chunkSizeBytes),
				paceBytesPerSecond: settings.pacing === 'realtime' ? (plan.bytesPerSecond ?? 16000) : undefined,
				idleTimeoutMs: settings.idleTimeoutMs,
				highWaterBytes: Math.max(settings.chunkSizeBytes * 4, 256 * 1024),
				signal,
				context,
				collector,
				events,
				WebSocket: WebSocketImpl,
			});
		},
		settings.retry,
		{
			signal,
			onRetry: (failure, retry, delayMs) => {
				noteRetry(ctx, failure.category);
				ctx.logger.debug(`Modulate: retrying ${call.operation} from the start of the file after a transient failure`, {
					itemIndex,
					model: call.model,
					category: failure.category,
					closeCode: failure.httpCode,
					detail: failure.detail ? scrubSecrets(failure.detail, secrets) : undefined,
					retry,
					delayMs,
				});
			},
		},
	);
	if (!outcome.ok) {
		throw toNodeError(node, { ...outcome.failure, operation: `${call.operation} (${call.model})`, attempts }, itemIndex, secrets);
	}
	return { collector, audio, plan, stats: outcome.value, attempts, events };
}
