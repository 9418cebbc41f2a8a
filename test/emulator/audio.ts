/**
 * Audio analysis for the emulator: what an uploaded file is, how long it lasts, where it is silent.
 * No decoding library: WAV (RIFF chunks, PCM levels), MP3 (frame headers and side info), FLAC
 * (STREAMINFO) and Ogg (last page granule) are read from their headers; anything else is estimated
 * from its size. Also writes audio, the one place that builds MP3 frames and WAV headers: silent MP3s
 * (the redaction endpoints' answers, batch and streaming) and test WAVs (synthWav; testWav, testPcm and
 * writeTestWav for the streaming side, its tests and the bench).
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/** Emulator-made audio carries this tag (an ID3v2 TXXX frame) so a later request can trace it back. */
export interface EmulatorAudioTag {
	v: 1;
	/** sha256 of the audio the emulator redacted. */
	sourceSha256: string;
	/** Known sample call the source was, if any. */
	callId?: string;
	durationMs: number;
	/** Ranges silenced, [start, end] in ms. */
	mutedRanges: Array<[number, number]>;
}

export interface AudioActivity {
	/** Length of one block in ms. */
	blockMs: number;
	/** 1 where the block holds sound, 0 where it is silent. */
	active: Uint8Array;
}

export interface AudioInfo {
	container: 'wav' | 'mp3' | 'flac' | 'ogg' | 'unknown';
	/** Where the duration came from. */
	durationSource: 'header' | 'frames' | 'tag' | 'estimate';
	durationMs: number;
	sampleRate?: number;
	channels?: number;
	bitsPerSample?: number;
	/** Sound / silence per block, when the format lets us see it (PCM WAV, MP3 side info). */
	activity?: AudioActivity;
	/** Set when the file was made by this emulator (a redacted MP3). */
	tag?: EmulatorAudioTag;
	sha256: string;
	size: number;
}

/** Bytes per second assumed when a file's format is unknown (128 kbit/s). */
const ESTIMATE_BYTES_PER_SECOND = 16000;
/** Activity block length for PCM analysis. */
const PCM_BLOCK_MS = 100;
/** RMS below this share of full scale counts as silence (about -46 dBFS). */
const SILENCE_RMS = 0.005;

export function sha256(buf: Buffer): string {
	return createHash('sha256').update(buf).digest('hex');
}

/** Analyses of recent files by sha256: benchmarks and retries send the same audio again and again. */
const cache = new Map<string, AudioInfo>();
const CACHE_SIZE = 64;

/** What a file is and how long it lasts (cached by content; treat the result as read-only). */
export function analyzeAudio(buf: Buffer, knownSha256?: string): AudioInfo {
	const hash = knownSha256 ?? sha256(buf);
	const hit = cache.get(hash);
	if (hit) return hit;
	const info = analyzeUncached(buf, hash);
	cache.set(hash, info);
	if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
	return info;
}

function analyzeUncached(buf: Buffer, hash: string): AudioInfo {
	const base = { sha256: hash, size: buf.length };
	const wav = parseWav(buf);
	if (wav) return { ...base, ...wav };
	const flac = parseFlac(buf);
	if (flac) return { ...base, ...flac };
	const ogg = parseOgg(buf);
	if (ogg) return { ...base, ...ogg };
	const mp3 = parseMp3(buf);
	if (mp3) return { ...base, ...mp3 };
	return {
		...base,
		container: 'unknown',
		durationSource: 'estimate',
		durationMs: Math.round((buf.length / ESTIMATE_BYTES_PER_SECOND) * 1000),
	};
}

/** Share (0..1) of [startMs, endMs) that holds sound, or undefined when activity is unknown. */
export function activeShare(info: AudioInfo, startMs: number, endMs: number): number | undefined {
	const act = info.activity;
	if (!act || endMs <= startMs) return undefined;
	let on = 0;
	let all = 0;
	const first = Math.floor(startMs / act.blockMs);
	const last = Math.min(act.active.length - 1, Math.ceil(endMs / act.blockMs) - 1);
	for (let i = first; i <= last; i++) {
		all++;
		on += act.active[i];
	}
	return all === 0 ? 0 : on / all;
}

/** Runs of sound as [startMs, endMs], gaps shorter than `mergeGapMs` bridged. */
export function activeSegments(act: AudioActivity, mergeGapMs = 500): Array<[number, number]> {
	const segs: Array<[number, number]> = [];
	let start = -1;
	for (let i = 0; i <= act.active.length; i++) {
		const on = i < act.active.length && act.active[i] === 1;
		if (on && start < 0) start = i;
		if (!on && start >= 0) {
			segs.push([start * act.blockMs, i * act.blockMs]);
			start = -1;
		}
	}
	const merged: Array<[number, number]> = [];
	for (const s of segs) {
		const prev = merged[merged.length - 1];
		if (prev && s[0] - prev[1] < mergeGapMs) prev[1] = s[1];
		else merged.push([s[0], s[1]]);
	}
	return merged;
}

// ---------------------------------------------------------------------------------------------
// WAV

type Parsed = Omit<AudioInfo, 'sha256' | 'size'>;

export function parseWav(buf: Buffer): Parsed | undefined {
	if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
		return undefined;
	}
	let off = 12;
	let fmt: { format: number; channels: number; sampleRate: number; byteRate: number; blockAlign: number; bits: number } | undefined;
	let dataStart = -1;
	let dataLen = 0;
	while (off + 8 <= buf.length) {
		const id = buf.toString('ascii', off, off + 4);
		let size = buf.readUInt32LE(off + 4);
		const body = off + 8;
		if (id === 'fmt ' && body + 16 <= buf.length) {
			let format = buf.readUInt16LE(body);
			// WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID
			if (format === 0xfffe && size >= 26 && body + 26 <= buf.length) format = buf.readUInt16LE(body + 24);
			fmt = {
				format,
				channels: buf.readUInt16LE(body + 2),
				sampleRate: buf.readUInt32LE(body + 4),
				byteRate: buf.readUInt32LE(body + 8),
				blockAlign: buf.readUInt16LE(body + 12),
				bits: buf.readUInt16LE(body + 14),
			};
		} else if (id === 'data') {
			// streamed WAVs write 0 or 0xFFFFFFFF; a truncated file has less than it says
			if (size === 0 || size === 0xffffffff || body + size > buf.length) size = buf.length - body;
			dataStart = body;
			dataLen = size;
			if (fmt) break;
		}
		off = body + size + (size % 2); // chunks are padded to an even length
	}
	if (!fmt || dataStart < 0) {
		return { container: 'wav', durationSource: 'estimate', durationMs: Math.round(((buf.length - 44) / 32000) * 1000) };
	}
	const byteRate = fmt.byteRate || fmt.sampleRate * fmt.blockAlign;
	const durationMs = byteRate > 0 ? Math.round((dataLen / byteRate) * 1000) : 0;
	return {
		container: 'wav',
		durationSource: 'header',
		durationMs,
		sampleRate: fmt.sampleRate,
		channels: fmt.channels,
		bitsPerSample: fmt.bits,
		activity: pcmActivity(buf, dataStart, dataLen, fmt),
	};
}

function pcmActivity(
	buf: Buffer,
	start: number,
	len: number,
	fmt: { format: number; channels: number; sampleRate: number; blockAlign: number; bits: number },
): AudioActivity | undefined {
	const bytes = fmt.bits / 8;
	const isInt = fmt.format === 1 && [8, 16, 24, 32].includes(fmt.bits);
	const isFloat = fmt.format === 3 && fmt.bits === 32;
	if ((!isInt && !isFloat) || fmt.channels < 1 || fmt.sampleRate < 1) return undefined;
	const frameBytes = fmt.blockAlign || bytes * fmt.channels;
	const framesPerBlock = Math.max(1, Math.round((fmt.sampleRate * PCM_BLOCK_MS) / 1000));
	const frames = Math.floor(len / frameBytes);
	const blocks = Math.ceil(frames / framesPerBlock);
	const active = new Uint8Array(blocks);
	// fast path: 16-bit PCM read through an Int16Array (copied once when the data is not aligned)
	if (isInt && fmt.bits === 16 && frameBytes === 2 * fmt.channels) {
		const bytesUsed = frames * frameBytes;
		const aligned = (buf.byteOffset + start) % 2 === 0;
		const src = aligned ? buf : Buffer.from(buf.subarray(start, start + bytesUsed));
		const samples = new Int16Array(src.buffer, src.byteOffset + (aligned ? start : 0), bytesUsed / 2);
		const per = framesPerBlock * fmt.channels;
		const threshold = (SILENCE_RMS * 32768) ** 2;
		for (let b = 0; b < blocks; b++) {
			let sumSq = 0;
			const from = b * per;
			const to = Math.min(samples.length, from + per);
			for (let i = from; i < to; i++) sumSq += samples[i] * samples[i];
			active[b] = to > from && sumSq / (to - from) >= threshold ? 1 : 0;
		}
		return { blockMs: PCM_BLOCK_MS, active };
	}
	const read = (p: number): number => {
		if (isFloat) return buf.readFloatLE(p);
		switch (fmt.bits) {
			case 8:
				return (buf[p] - 128) / 128;
			case 16:
				return buf.readInt16LE(p) / 32768;
			case 24:
				return buf.readIntLE(p, 3) / 8388608;
			default:
				return buf.readInt32LE(p) / 2147483648;
		}
	};
	for (let b = 0; b < blocks; b++) {
		let sum = 0;
		let n = 0;
		const end = Math.min(frames, (b + 1) * framesPerBlock);
		for (let f = b * framesPerBlock; f < end; f++) {
			const p = start + f * frameBytes;
			for (let c = 0; c < fmt.channels; c++) {
				const v = read(p + c * bytes);
				sum += v * v;
				n++;
			}
		}
		active[b] = n > 0 && Math.sqrt(sum / n) >= SILENCE_RMS ? 1 : 0;
	}
	return { blockMs: PCM_BLOCK_MS, active };
}

// ---------------------------------------------------------------------------------------------
// MP3

const BITRATES: Record<string, number[]> = {
	'1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
	'1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
	'1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
	'2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
	'2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
	'2-3': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const SAMPLE_RATES: Record<number, number[]> = { 1: [44100, 48000, 32000], 2: [22050, 24000, 16000], 25: [11025, 12000, 8000] };

export interface Mp3Frame {
	version: 1 | 2 | 25;
	layer: 1 | 2 | 3;
	bitrate: number; // kbit/s
	sampleRate: number;
	samples: number;
	length: number;
	mono: boolean;
	crc: boolean;
}

export function readMp3Frame(buf: Buffer, off: number): Mp3Frame | undefined {
	if (off + 4 > buf.length || buf[off] !== 0xff || (buf[off + 1] & 0xe0) !== 0xe0) return undefined;
	const vBits = (buf[off + 1] >> 3) & 3;
	const lBits = (buf[off + 1] >> 1) & 3;
	if (vBits === 1 || lBits === 0) return undefined;
	const version = vBits === 3 ? 1 : vBits === 2 ? 2 : 25;
	const layer = (4 - lBits) as 1 | 2 | 3;
	const brIdx = buf[off + 2] >> 4;
	const srIdx = (buf[off + 2] >> 2) & 3;
	if (brIdx === 0 || brIdx === 15 || srIdx === 3) return undefined;
	const bitrate = BITRATES[`${version === 1 ? 1 : 2}-${layer}`][brIdx];
	const sampleRate = SAMPLE_RATES[version][srIdx];
	const pad = (buf[off + 2] >> 1) & 1;
	const samples = layer === 1 ? 384 : layer === 2 || version === 1 ? 1152 : 576;
	const length =
		layer === 1
			? (Math.floor((12 * bitrate * 1000) / sampleRate) + pad) * 4
			: Math.floor(((samples / 8) * bitrate * 1000) / sampleRate) + pad;
	if (length < 4) return undefined;
	return {
		version,
		layer,
		bitrate,
		sampleRate,
		samples,
		length,
		mono: buf[off + 3] >> 6 === 3,
		crc: (buf[off + 1] & 1) === 0,
	};
}

/**
 * Layer III loudness of a frame from its side info: the highest global_gain of its granules, or -1
 * when no granule carries coded data (part2_3_length 0: digital silence). Other layers: undefined.
 */
function mp3FrameGain(buf: Buffer, off: number, f: Mp3Frame): number | undefined {
	if (f.layer !== 3) return undefined;
	let bit = (off + 4 + (f.crc ? 2 : 0)) * 8;
	const end = (off + f.length) * 8;
	const read = (n: number): number => {
		let v = 0;
		for (let i = 0; i < n; i++, bit++) {
			if (bit >= end) return 0;
			v = (v << 1) | ((buf[bit >> 3] >> (7 - (bit & 7))) & 1);
		}
		return v;
	};
	const ch = f.mono ? 1 : 2;
	const granules = f.version === 1 ? 2 : 1;
	if (f.version === 1) read(9 + (f.mono ? 5 : 3) + 4 * ch);
	else read(8 + (f.mono ? 1 : 2));
	let gain = -1;
	for (let g = 0; g < granules; g++) {
		for (let c = 0; c < ch; c++) {
			const part23 = read(12);
			read(9); // big_values
			const globalGain = read(8);
			if (part23 > 0) gain = Math.max(gain, globalGain);
			read((f.version === 1 ? 4 : 9) + 1 + 22 + (f.version === 1 ? 3 : 2));
		}
	}
	return gain;
}

/** A frame whose global gain is this far below the file's loudest frame counts as silence. */
const MP3_QUIET_GAIN_DROP = 40;

function id3v2Length(buf: Buffer, off = 0): number {
	if (off + 10 > buf.length || buf.toString('ascii', off, off + 3) !== 'ID3') return 0;
	const size = ((buf[off + 6] & 0x7f) << 21) | ((buf[off + 7] & 0x7f) << 14) | ((buf[off + 8] & 0x7f) << 7) | (buf[off + 9] & 0x7f);
	const footer = buf[off + 5] & 0x10 ? 10 : 0;
	return 10 + size + footer;
}

export function parseMp3(buf: Buffer): Parsed | undefined {
	const tagLen = id3v2Length(buf);
	const tag = tagLen ? readEmulatorTag(buf.subarray(0, Math.min(tagLen, buf.length))) : undefined;
	// find the first frame whose successor is also a frame (avoids false syncs in junk)
	let off = tagLen;
	let first: Mp3Frame | undefined;
	const scanLimit = Math.min(buf.length, tagLen + 64 * 1024);
	for (; off < scanLimit; off++) {
		const f = readMp3Frame(buf, off);
		if (!f) continue;
		if (off + f.length === buf.length || readMp3Frame(buf, off + f.length)) {
			first = f;
			break;
		}
	}
	if (!first) return undefined;
	let frames = 0;
	let seconds = 0;
	const perFrame: Array<[number, number | undefined]> = []; // [duration ms, gain]
	while (off < buf.length) {
		const f = readMp3Frame(buf, off);
		if (f && off + f.length > buf.length) break; // truncated last frame
		if (!f) {
			if (buf.toString('ascii', off, off + 3) === 'TAG') break; // ID3v1 at the end
			// resync: look for the next frame within a small window
			let next = -1;
			for (let j = off + 1; j < Math.min(buf.length, off + 4096); j++) {
				const g = readMp3Frame(buf, j);
				if (g && (j + g.length >= buf.length || readMp3Frame(buf, j + g.length))) {
					next = j;
					break;
				}
			}
			if (next < 0) break;
			off = next;
			continue;
		}
		frames++;
		const dur = f.samples / f.sampleRate;
		seconds += dur;
		perFrame.push([dur * 1000, mp3FrameGain(buf, off, f)]);
		off += f.length;
	}
	if (frames === 0) return undefined;
	// activity in 100 ms blocks from the per-frame silence flags
	const totalMs = seconds * 1000;
	const blocks = Math.ceil(totalMs / PCM_BLOCK_MS);
	const on = new Float64Array(blocks);
	let maxGain = -1;
	for (const [, gain] of perFrame) if (gain !== undefined) maxGain = Math.max(maxGain, gain);
	let t = 0;
	for (const [ms, gain] of perFrame) {
		const silent = gain !== undefined && (gain < 0 || gain <= maxGain - MP3_QUIET_GAIN_DROP);
		if (!silent) {
			for (let b = Math.floor(t / PCM_BLOCK_MS); b < Math.min(blocks, Math.ceil((t + ms) / PCM_BLOCK_MS)); b++) on[b] = 1;
		}
		t += ms;
	}
	const active = new Uint8Array(blocks);
	for (let b = 0; b < blocks; b++) active[b] = on[b] ? 1 : 0;
	return {
		container: 'mp3',
		durationSource: tag ? 'tag' : 'frames',
		durationMs: tag ? tag.durationMs : Math.round(totalMs),
		sampleRate: first.sampleRate,
		channels: first.mono ? 1 : 2,
		activity: { blockMs: PCM_BLOCK_MS, active },
		tag,
	};
}

// ---------------------------------------------------------------------------------------------
// FLAC and Ogg (duration only)

function parseFlac(buf: Buffer): Parsed | undefined {
	const off = id3v2Length(buf);
	if (buf.length < off + 42 || buf.toString('ascii', off, off + 4) !== 'fLaC') return undefined;
	const si = off + 8; // first metadata block is STREAMINFO
	const sampleRate = (buf[si + 10] << 12) | (buf[si + 11] << 4) | (buf[si + 12] >> 4);
	const channels = ((buf[si + 12] >> 1) & 7) + 1;
	const bits = (((buf[si + 12] & 1) << 4) | (buf[si + 13] >> 4)) + 1;
	const total = (buf[si + 13] & 0x0f) * 2 ** 32 + buf.readUInt32BE(si + 14);
	if (!sampleRate) return undefined;
	return {
		container: 'flac',
		durationSource: total ? 'header' : 'estimate',
		durationMs: total ? Math.round((total / sampleRate) * 1000) : Math.round((buf.length / (sampleRate * channels)) * 1000),
		sampleRate,
		channels,
		bitsPerSample: bits,
	};
}

function parseOgg(buf: Buffer): Parsed | undefined {
	if (buf.length < 64 || buf.toString('ascii', 0, 4) !== 'OggS') return undefined;
	const head = buf.subarray(0, Math.min(buf.length, 512));
	let rate = 0;
	const opus = head.indexOf('OpusHead');
	const vorbis = head.indexOf('\x01vorbis', 0, 'latin1');
	if (opus >= 0) rate = 48000;
	else if (vorbis >= 0 && vorbis + 16 <= head.length) rate = head.readUInt32LE(vorbis + 12);
	const last = buf.lastIndexOf('OggS');
	if (!rate || last < 0 || last + 14 > buf.length) {
		return { container: 'ogg', durationSource: 'estimate', durationMs: Math.round((buf.length / ESTIMATE_BYTES_PER_SECOND) * 1000) };
	}
	const granule = Number(buf.readBigUInt64LE(last + 6));
	const preSkip = opus >= 0 && opus + 12 <= head.length ? head.readUInt16LE(opus + 10) : 0;
	return { container: 'ogg', durationSource: 'header', durationMs: Math.max(0, Math.round(((granule - preSkip) / rate) * 1000)), sampleRate: rate };
}

// ---------------------------------------------------------------------------------------------
// Writing audio

const TAG_DESCRIPTION = 'modulate-emulator';

function syncsafe(n: number): Buffer {
	return Buffer.from([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]);
}

/** An ID3v2.3 tag with one TXXX frame `modulate-emulator` = JSON of the tag. */
function id3Tag(tag: EmulatorAudioTag): Buffer {
	const value = Buffer.from(JSON.stringify(tag), 'latin1');
	const body = Buffer.concat([Buffer.from([0]), Buffer.from(TAG_DESCRIPTION + '\0', 'latin1'), value]);
	const frameHeader = Buffer.alloc(10);
	frameHeader.write('TXXX', 0, 'ascii');
	frameHeader.writeUInt32BE(body.length, 4);
	const frames = Buffer.concat([frameHeader, body]);
	return Buffer.concat([Buffer.from('ID3\x03\x00\x00', 'latin1'), syncsafe(frames.length), frames]);
}

export function readEmulatorTag(buf: Buffer): EmulatorAudioTag | undefined {
	const at = buf.indexOf(TAG_DESCRIPTION + '\0', 0, 'latin1');
	if (at < 0) return undefined;
	const start = at + TAG_DESCRIPTION.length + 1;
	const end = buf.indexOf('}\0', start, 'latin1');
	const text = buf.toString('latin1', start, end >= 0 ? end + 1 : buf.length).replace(/\0+$/, '');
	try {
		const tag = JSON.parse(text) as EmulatorAudioTag;
		return tag && tag.v === 1 && typeof tag.durationMs === 'number' ? tag : undefined;
	} catch {
		return undefined;
	}
}

// The one MP3 frame the emulator writes.

/** MPEG-1 Layer III, 48 kHz, 32 kbit/s, mono: 96 bytes and exactly 24 ms per frame. */
export const SILENT_FRAME_MS = 24;
/** The same frame length under the name the streaming side uses. */
export const MP3_FRAME_MS = SILENT_FRAME_MS;
const MP3_FRAME_BYTES = 96;
const SILENT_FRAME = (() => {
	const f = Buffer.alloc(MP3_FRAME_BYTES); // side info and main data all zero: no coded data, decodes to silence
	f[0] = 0xff;
	f[1] = 0xfb; // MPEG-1, Layer III, no CRC
	f[2] = 0x14; // 32 kbit/s, 48 kHz, no padding
	f[3] = 0xc4; // mono, original
	return f;
})();

function silentFrameCount(durationMs: number): number {
	return Math.max(1, Math.round(durationMs / SILENT_FRAME_MS));
}

/** A valid MP3 of silence lasting `durationMs` (to the nearest 24 ms frame), optionally tagged. */
export function silentMp3(durationMs: number, tag?: EmulatorAudioTag): Buffer {
	const frames = silentFrameCount(durationMs);
	const parts: Buffer[] = tag ? [id3Tag(tag)] : [];
	for (let i = 0; i < frames; i++) parts.push(SILENT_FRAME);
	return Buffer.concat(parts);
}

/** Where `silentMp3Clip` writes its label: after the 4-byte header and the 17-byte side info. */
const LABEL_OFFSET = 4 + 17;

/**
 * A silent MP3 clip of `durationMs` (whole 24 ms frames, at least one), as the streaming redaction model
 * sends it. `label` is written into the first frame's ancillary bytes (after the side info, where a
 * decoder with part2_3_length 0 reads nothing), so a test can tell clips apart and check their order
 * after reassembly.
 */
export function silentMp3Clip(durationMs: number, label = ''): Buffer {
	const out = Buffer.concat(Array.from({ length: silentFrameCount(durationMs) }, () => SILENT_FRAME));
	if (label) out.write(label.slice(0, MP3_FRAME_BYTES - LABEL_OFFSET - 1), LABEL_OFFSET, 'latin1');
	return out;
}

/** Labels written by `silentMp3Clip`, in order, as found in a (reassembled) MP3. */
export function mp3ClipLabels(mp3: Buffer): string[] {
	const labels: string[] = [];
	for (let o = 0; o + MP3_FRAME_BYTES <= mp3.length; o += MP3_FRAME_BYTES) {
		const text = mp3.toString('latin1', o + LABEL_OFFSET, o + MP3_FRAME_BYTES).replace(/\0+$/, '');
		if (text) labels.push(text);
	}
	return labels;
}

/** The length of an MP3 made of `silentMp3Clip` frames. */
export function mp3DurationMs(mp3: Buffer): number {
	return Math.floor(mp3.length / MP3_FRAME_BYTES) * MP3_FRAME_MS;
}

// The one WAV header the emulator writes.

interface WavFormat {
	sampleRate: number;
	channels: number;
	bitsPerSample: number;
	/** 32-bit float samples (format 3) instead of integer PCM (format 1). */
	float?: boolean;
}

/** RIFF, `fmt ` and `data` headers for `dataBytes` of samples; `extra` chunks go before `data`. */
function wavHeader(f: WavFormat, dataBytes: number, extra: Buffer = Buffer.alloc(0)): Buffer {
	const { sampleRate: rate, channels: ch, bitsPerSample: bits } = f;
	const fmt = Buffer.alloc(24);
	fmt.write('fmt ', 0, 'ascii');
	fmt.writeUInt32LE(16, 4);
	fmt.writeUInt16LE(f.float ? 3 : 1, 8);
	fmt.writeUInt16LE(ch, 10);
	fmt.writeUInt32LE(rate, 12);
	fmt.writeUInt32LE((rate * ch * bits) / 8, 16);
	fmt.writeUInt16LE((ch * bits) / 8, 20);
	fmt.writeUInt16LE(bits, 22);
	const dataHeader = Buffer.alloc(8);
	dataHeader.write('data', 0, 'ascii');
	dataHeader.writeUInt32LE(Math.min(dataBytes, 0xffffffff), 4);
	const riff = Buffer.alloc(12);
	riff.write('RIFF', 0, 'ascii');
	riff.writeUInt32LE(Math.min(4 + fmt.length + extra.length + 8 + dataBytes, 0xffffffff), 4);
	riff.write('WAVE', 8, 'ascii');
	return Buffer.concat([riff, fmt, extra, dataHeader]);
}

export interface SynthWavOptions {
	durationMs: number;
	sampleRate?: number;
	channels?: number;
	/** 'tone' (440 Hz, default), 'silence', or segments of tone separated by silence. */
	content?: 'tone' | 'silence' | Array<[number, number]>;
	/** Extra chunk before `data` (e.g. LIST), to exercise chunk walking. */
	extraChunk?: boolean;
}

/** A 16-bit PCM WAV for tests: a tone, silence, or tone only inside the given [start, end] ms ranges. */
export function synthWav(opts: SynthWavOptions): Buffer {
	const rate = opts.sampleRate ?? 16000;
	const ch = opts.channels ?? 1;
	const frames = Math.round((opts.durationMs * rate) / 1000);
	const data = Buffer.alloc(frames * ch * 2);
	const content = opts.content ?? 'tone';
	for (let i = 0; i < frames; i++) {
		const ms = (i * 1000) / rate;
		const on = content === 'tone' ? true : content === 'silence' ? false : content.some(([a, b]) => ms >= a && ms < b);
		const v = on ? Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 8000) : 0;
		for (let c = 0; c < ch; c++) data.writeInt16LE(v, (i * ch + c) * 2);
	}
	const extra = opts.extraChunk ? Buffer.concat([Buffer.from('LIST\x05\x00\x00\x00INFOx\x00', 'latin1')]) : Buffer.alloc(0);
	return Buffer.concat([wavHeader({ sampleRate: rate, channels: ch, bitsPerSample: 16 }, data.length, extra), data]);
}

// Test WAVs of the streaming side (and its tests/bench): in memory, or written to disk in slices, so a
// 200 MB file never sits in memory.

export interface TestWavOptions {
	durationMs: number;
	sampleRate?: number;
	channels?: number;
	bitsPerSample?: 8 | 16 | 24 | 32;
	/** Ranges [startMs, endMs) that hold a tone; the rest is silence. Default: tone throughout. */
	toneRanges?: Array<[number, number]>;
	/** Add a LIST chunk before `data` and an odd-sized chunk, to exercise chunk walking. */
	extraChunks?: boolean;
	/** 32-bit float samples (format 3) instead of integer PCM. */
	float?: boolean;
}

function testWavHeader(opts: TestWavOptions, dataBytes: number): Buffer {
	const format = {
		sampleRate: opts.sampleRate ?? 16000,
		channels: opts.channels ?? 1,
		bitsPerSample: opts.float ? 32 : (opts.bitsPerSample ?? 16),
		float: opts.float,
	};
	const extra = opts.extraChunks
		? Buffer.concat([Buffer.from('LIST\x04\x00\x00\x00INFO', 'latin1'), Buffer.from('junk\x03\x00\x00\x00abc\x00', 'latin1')])
		: Buffer.alloc(0);
	return wavHeader(format, dataBytes, extra);
}

function pcmSlice(opts: TestWavOptions, firstFrame: number, frameCount: number): Buffer {
	const rate = opts.sampleRate ?? 16000;
	const ch = opts.channels ?? 1;
	const bits = opts.float ? 32 : (opts.bitsPerSample ?? 16);
	const bps = bits / 8;
	const out = Buffer.alloc(frameCount * ch * bps);
	for (let i = 0; i < frameCount; i++) {
		const n = firstFrame + i;
		const ms = (n * 1000) / rate;
		const on = !opts.toneRanges || opts.toneRanges.some(([a, b]) => ms >= a && ms < b);
		const x = on ? Math.sin((2 * Math.PI * 440 * n) / rate) * 0.25 : 0;
		for (let c = 0; c < ch; c++) {
			const o = (i * ch + c) * bps;
			if (opts.float) out.writeFloatLE(x, o);
			else if (bits === 8) out.writeUInt8(Math.round(128 + x * 127), o);
			else if (bits === 16) out.writeInt16LE(Math.round(x * 32767), o);
			else if (bits === 24) out.writeIntLE(Math.round(x * 8388607), o, 3);
			else out.writeInt32LE(Math.round(x * 2147483647), o);
		}
	}
	return out;
}

function frameCountOf(opts: TestWavOptions): number {
	return Math.round((opts.durationMs * (opts.sampleRate ?? 16000)) / 1000);
}

/** A PCM WAV in memory: a 440 Hz tone where `toneRanges` say (everywhere by default). */
export function testWav(opts: TestWavOptions): Buffer {
	const pcm = testPcm(opts);
	return Buffer.concat([testWavHeader(opts, pcm.length), pcm]);
}

/** The same samples with no header (raw PCM input). */
export function testPcm(opts: TestWavOptions): Buffer {
	return pcmSlice(opts, 0, frameCountOf(opts));
}

/** Writes a WAV of any length to `file` one second at a time (bounded memory); returns its size. */
export async function writeTestWav(file: string, opts: TestWavOptions): Promise<number> {
	const total = frameCountOf(opts);
	const rate = opts.sampleRate ?? 16000;
	const bits = opts.float ? 32 : (opts.bitsPerSample ?? 16);
	const dataBytes = (total * (opts.channels ?? 1) * bits) / 8;
	const out = createWriteStream(file);
	out.write(testWavHeader(opts, dataBytes));
	let size = 0;
	// One second of tone repeats exactly (440 Hz at these rates), so compute it once.
	const second = pcmSlice({ ...opts, toneRanges: undefined }, 0, rate);
	for (let done = 0; done < total; done += rate) {
		const frames = Math.min(rate, total - done);
		const slice = opts.toneRanges ? pcmSlice(opts, done, frames) : second.subarray(0, (frames * second.length) / rate);
		size += slice.length;
		if (!out.write(slice)) await once(out, 'drain');
	}
	out.end();
	await once(out, 'close');
	return size + testWavHeader(opts, dataBytes).length;
}
