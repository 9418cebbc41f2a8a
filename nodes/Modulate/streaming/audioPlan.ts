/**
 * Decides how an item's audio goes over the socket: a WAV is parsed and its PCM sent as the matching raw
 * `audio_format` with `sample_rate` and `num_channels`; other files go as their own container format when
 * the endpoint takes it; a headerless file is sent as the raw format the user names. The bytes are read
 * from n8n's binary store chunk by chunk on every attempt, never held whole.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import type { AudioInput } from '../../shared/binary';
import { inputError } from '../../shared/transport/errors';
import { MAX_WAV_HEADER_BYTES, parseWavHeader } from './wav';
import type { WavHeader } from './wav';

export const RAW_FORMATS = [
	's8', 's16le', 's16be', 's24le', 's24be', 's32le', 's32be',
	'u8', 'u16le', 'u16be', 'u24le', 'u24be', 'u32le', 'u32be',
	'f32le', 'f32be', 'f64le', 'f64be', 'mulaw', 'alaw',
];

export const SAMPLE_RATES = [8000, 11025, 16000, 22050, 32000, 44100, 48000, 96000];

/** Containers every streaming model takes (their specs). */
export const STREAMING_CONTAINERS = ['wav', 'mp3', 'ogg', 'flac', 'webm', 'aac', 'aiff'];
/** The synthetic-voice model takes these as well. */
export const SYNTHETIC_VOICE_STREAMING_CONTAINERS = [...STREAMING_CONTAINERS, 'au', 'wma', 'opus', 'amr', 'mp4', '3gp'];

/** File extensions accepted for a user-declared raw format (headerless files). */
export const RAW_EXTENSIONS = ['raw', 'pcm', 'l16', 'sln', 'ulaw', 'alaw', 'bin', 'wav'];

function bytesPerSample(format: string): number {
	if (format === 's8' || format === 'u8' || format === 'mulaw' || format === 'alaw') return 1;
	const bits = Number(/\d+/.exec(format)?.[0] ?? 16);
	return bits / 8;
}

export interface AudioPlan {
	/** Query parameters describing the audio. */
	query: { audio_format?: string; sample_rate?: number; num_channels?: number };
	/** Audio bytes per second, when known exactly (raw PCM), for real-time pacing. */
	bytesPerSecond?: number;
	/** One line for logs and output: what was sent. */
	summary: string;
	/** The bytes to send, fresh on every call (each retry starts from the beginning of the file). */
	payload(chunkSize: number): AsyncIterable<Buffer>;
}

export interface PlanOptions {
	/** `auto`, `container`, or a raw format name. */
	audioFormat: string;
	sampleRate?: number;
	numChannels?: number;
	/** Containers this endpoint takes. */
	containers: string[];
	operation: string;
}

/** A container's `audio_format` for a file extension, as the endpoint names it. */
function containerFormat(extension: string, containers: string[]): string | undefined {
	const ext = extension.toLowerCase();
	const aliases: Record<string, string> = { aif: 'aiff', m4a: 'mp4', '3gpp': '3gp', oga: 'ogg', wave: 'wav' };
	const name = aliases[ext] ?? ext;
	if (containers.includes(name)) return name;
	// Ogg Opus files are Ogg containers for the models that list `ogg` but not `opus`.
	if (name === 'opus' && containers.includes('ogg')) return 'ogg';
	return undefined;
}

/** Reads just enough of the file to parse its WAV header. */
async function readWavHeader(audio: AudioInput): Promise<{ header?: WavHeader; reason?: string }> {
	let head = Buffer.alloc(0);
	for await (const chunk of audio.chunks(64 * 1024)) {
		head = Buffer.concat([head, chunk]);
		const parsed = parseWavHeader(head);
		if (parsed.status === 'ok') return { header: parsed.header };
		if (parsed.status === 'invalid') return { reason: parsed.reason };
		if (head.length >= MAX_WAV_HEADER_BYTES) break;
	}
	const last = parseWavHeader(head);
	return last.status === 'ok' ? { header: last.header } : { reason: last.status === 'invalid' ? last.reason : 'the file ends inside its header' };
}

/** The file's bytes from `skip`, at most `limit` of them, re-chunked to at most `chunkSize`. */
async function* slice(audio: AudioInput, chunkSize: number, skip: number, limit?: number): AsyncIterable<Buffer> {
	let position = 0;
	let sent = 0;
	for await (const chunk of audio.chunks(chunkSize)) {
		let part = chunk;
		if (position < skip) {
			const drop = Math.min(part.length, skip - position);
			position += drop;
			part = part.subarray(drop);
		}
		position += part.length;
		if (limit !== undefined) part = part.subarray(0, Math.max(0, limit - sent));
		for (let o = 0; o < part.length; o += chunkSize) {
			const piece = part.subarray(o, o + chunkSize);
			sent += piece.length;
			yield piece;
		}
		if (limit !== undefined && sent >= limit) return;
	}
}

export async function planAudio(
	this: IExecuteFunctions,
	itemIndex: number,
	audio: AudioInput,
	options: PlanOptions,
): Promise<AudioPlan> {
	const node = this.getNode();
	const supported = `WAV (sent as raw PCM), a raw PCM file with "Audio Format" set, or one of: ${options.containers.map((c) => `.${c}`).join(', ')}`;

	if (RAW_FORMATS.includes(options.audioFormat)) {
		const sampleRate = Number(options.sampleRate ?? 16000);
		const numChannels = Number(options.numChannels ?? 1);
		if (!SAMPLE_RATES.includes(sampleRate)) {
			throw inputError(node, itemIndex, `Options → Sample Rate ${sampleRate} Hz is not one Modulate takes for raw audio; use one of ${SAMPLE_RATES.join(', ')}`);
		}
		if (!Number.isInteger(numChannels) || numChannels < 1 || numChannels > 8) {
			throw inputError(node, itemIndex, `Options → Channels must be between 1 and 8 (got ${numChannels})`);
		}
		return {
			query: { audio_format: options.audioFormat, sample_rate: sampleRate, num_channels: numChannels },
			bytesPerSecond: sampleRate * numChannels * bytesPerSample(options.audioFormat),
			summary: `raw ${options.audioFormat}, ${sampleRate} Hz, ${numChannels} channel(s)`,
			payload: (chunkSize) => slice(audio, chunkSize, 0),
		};
	}

	const asContainer = (reason?: string): AudioPlan => {
		const format = containerFormat(audio.extension, options.containers);
		if (!format) {
			throw inputError(
				node,
				itemIndex,
				`${options.operation} cannot stream .${audio.extension} audio ("${audio.fileName}"); use ${supported}`,
				reason ?? 'Convert the recording (WAV or MP3 work everywhere), or use the batch operation, which takes more formats.',
				'unsupportedFormat',
			);
		}
		return {
			query: { audio_format: format },
			summary: `${format} container${reason ? ` (${reason})` : ''}`,
			payload: (chunkSize) => slice(audio, chunkSize, 0),
		};
	};

	if (options.audioFormat === 'container' || audio.extension !== 'wav') return asContainer();

	const { header, reason } = await readWavHeader(audio);
	if (!header) {
		throw inputError(
			node,
			itemIndex,
			`"${audio.fileName}" is not a readable WAV file (${reason})`,
			'Check the file, or set Options → Audio Format to the raw format it really has.',
			'unsupportedFormat',
		);
	}
	const fits = header.rawFormat && SAMPLE_RATES.includes(header.sampleRate) && header.channels >= 1 && header.channels <= 8;
	if (!fits) {
		return asContainer(
			`its ${header.sampleRate} Hz, ${header.channels}-channel, ${header.bitsPerSample}-bit format code ${header.formatCode} has no raw equivalent, so the WAV file is sent whole`,
		);
	}
	return {
		query: { audio_format: header.rawFormat, sample_rate: header.sampleRate, num_channels: header.channels },
		bytesPerSecond: header.sampleRate * header.channels * bytesPerSample(header.rawFormat!),
		summary: `WAV → raw ${header.rawFormat}, ${header.sampleRate} Hz, ${header.channels} channel(s)`,
		payload: (chunkSize) => slice(audio, chunkSize, header.dataOffset, header.dataSize),
	};
}
