/**
 * Options every streaming operation offers: how the audio is described and sent (format, chunk size,
 * pacing), how long a quiet connection is tolerated, whether the raw events are kept, plus the shared
 * concurrency and retry options (not "Timeout": a stream lasts as long as its audio; the idle timeout
 * replaces it).
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { DEFAULT_FIXED_CONCURRENT_REQUESTS, maxConcurrentRequestsField, requestOptionFields, transportSettingsFrom } from '../../shared/requestOptions';
import type { RetryPolicy } from '../../shared/transport/backoff';
import { RAW_FORMATS, SAMPLE_RATES } from './audioPlan';

export const DEFAULT_CHUNK_SIZE_KB = 32;
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 60;

const RAW_FORMAT_NAMES: Record<string, string> = {
	s8: 'Signed 8-Bit',
	s16le: 'Signed 16-Bit Little-Endian',
	s16be: 'Signed 16-Bit Big-Endian',
	s24le: 'Signed 24-Bit Little-Endian',
	s24be: 'Signed 24-Bit Big-Endian',
	s32le: 'Signed 32-Bit Little-Endian',
	s32be: 'Signed 32-Bit Big-Endian',
	u8: 'Unsigned 8-Bit',
	u16le: 'Unsigned 16-Bit Little-Endian',
	u16be: 'Unsigned 16-Bit Big-Endian',
	u24le: 'Unsigned 24-Bit Little-Endian',
	u24be: 'Unsigned 24-Bit Big-Endian',
	u32le: 'Unsigned 32-Bit Little-Endian',
	u32be: 'Unsigned 32-Bit Big-Endian',
	f32le: 'Float 32-Bit Little-Endian',
	f32be: 'Float 32-Bit Big-Endian',
	f64le: 'Float 64-Bit Little-Endian',
	f64be: 'Float 64-Bit Big-Endian',
	mulaw: 'μ-Law',
	alaw: 'A-Law',
};

export const streamingOptionFields: INodeProperties[] = [
	{
		displayName: 'Audio Format',
		name: 'audioFormat',
		type: 'options',
		default: 'auto',
		description:
			'How the audio is described to Modulate. Auto: a WAV file is parsed and its PCM sent as raw audio with its sample rate and channels; other files are sent as their own container (MP3, OGG, FLAC, …). Choose a raw format for a headerless PCM file.',
		options: [
			{ name: 'Auto (From the File)', value: 'auto' },
			{ name: 'Container (Send the File as Is)', value: 'container' },
			...RAW_FORMATS.map((f) => ({ name: `Raw ${RAW_FORMAT_NAMES[f]} (${f})`, value: f })),
		],
	},
	{
		displayName: 'Channels',
		name: 'numChannels',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 8 },
		default: 1,
		description: 'Number of channels of a raw (headerless) file. Ignored for WAV and containers, whose headers say it.',
	},
	{
		displayName: 'Chunk Size (KB)',
		name: 'chunkSizeKb',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1024 },
		default: DEFAULT_CHUNK_SIZE_KB,
		description: 'Size of each binary audio frame sent. Modulate suggests 4–64 KB.',
	},
	{
		displayName: 'Idle Timeout (Seconds)',
		name: 'idleTimeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_IDLE_TIMEOUT_SECONDS,
		description:
			'How long the connection may stay quiet (no result from Modulate and no audio accepted) before the node closes it and reports a timeout. A timeout is retried from the start of the file, like a dropped connection.',
	},
	{
		displayName: 'Include Raw Events',
		name: 'includeRawEvents',
		type: 'boolean',
		default: false,
		description: 'Whether to add every message Modulate sent (partial results included) to the output as "events"',
	},
	{
		displayName: 'Pacing',
		name: 'pacing',
		type: 'options',
		default: 'fast',
		description: 'How fast the audio is sent',
		options: [
			{ name: 'As Fast as Possible', value: 'fast', description: 'As fast as Modulate accepts it' },
			{
				name: 'Real Time',
				value: 'realtime',
				description: 'At the speed of the recording, like a live call (exact for WAV and raw PCM; containers assume 128 kbit/s)',
			},
		],
	},
	{
		displayName: 'Sample Rate',
		name: 'sampleRate',
		type: 'options',
		default: 16000,
		description: 'Sample rate of a raw (headerless) file. Ignored for WAV and containers, whose headers say it.',
		options: SAMPLE_RATES.map((rate) => ({ name: `${rate} Hz`, value: rate })),
	},
	// Sessions are long and not requests: they keep a fixed number at once (no Auto window).
	{
		...maxConcurrentRequestsField,
		default: DEFAULT_FIXED_CONCURRENT_REQUESTS,
		description:
			"How many recordings are streamed at the same time. Keep it at or below your organization's concurrent limit for this model: sessions over it are refused and retried.",
	},
	...requestOptionFields.filter((f) => !['timeoutSeconds', 'concurrencyMode', 'maxConcurrentRequests'].includes(f.name)),
];

/** Streaming operations run sessions, not requests: the request window (Auto) does not bound them. */
export function isStreamingOperation(operation: string): boolean {
	return operation.endsWith('Streaming');
}

/** Options sorted by display name, as n8n lists them. */
export function sortedOptions(fields: INodeProperties[]): INodeProperties[] {
	return [...fields].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

export interface StreamingSettings {
	audioFormat: string;
	sampleRate: number;
	numChannels: number;
	chunkSizeBytes: number;
	pacing: 'fast' | 'realtime';
	idleTimeoutMs: number;
	includeRawEvents: boolean;
	/** A session that fails transiently starts over from the beginning of the file, under this policy. */
	retry: RetryPolicy;
}

export function streamingSettingsFrom(o: IDataObject): StreamingSettings {
	return {
		audioFormat: String(o.audioFormat ?? 'auto'),
		sampleRate: Number(o.sampleRate ?? 16000),
		numChannels: Number(o.numChannels ?? 1),
		chunkSizeBytes: Math.max(1, Math.round(Number(o.chunkSizeKb ?? DEFAULT_CHUNK_SIZE_KB) * 1024)),
		pacing: o.pacing === 'realtime' ? 'realtime' : 'fast',
		idleTimeoutMs: Math.max(1, Number(o.idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS)) * 1000,
		includeRawEvents: o.includeRawEvents === true,
		retry: transportSettingsFrom(o).retry,
	};
}
