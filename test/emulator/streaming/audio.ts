/**
 * Audio helpers of the streaming emulator (and its tests/bench): how long the audio received so far
 * lasts, whether a window of PCM is silent, silent MP3 clips, and test WAV files (in memory or written
 * to disk in slices, so a 200 MB file never sits in memory).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Raw formats of the specs and their bytes per sample. */
export const RAW_BYTES: Record<string, number> = {
	s8: 1, u8: 1, mulaw: 1, alaw: 1,
	s16le: 2, s16be: 2, u16le: 2, u16be: 2,
	s24le: 3, s24be: 3, u24le: 3, u24be: 3,
	s32le: 4, s32be: 4, u32le: 4, u32be: 4, f32le: 4, f32be: 4,
	f64le: 8, f64be: 8,
};

export const CONTAINERS = ['wav', 'mp3', 'ogg', 'flac', 'webm', 'aac', 'aiff'];
/** The synthetic-voice model takes more containers (its spec). */
export const SVD_EXTRA_CONTAINERS = ['au', 'wma', 'opus', 'amr', 'mp4', 'm4a', '3gp', '3gpp'];
export const SAMPLE_RATES = [8000, 11025, 16000, 22050, 32000, 44100, 48000, 96000];

/** Bytes per second assumed for a container whose bit rate we do not read (128 kbit/s). */
export const CONTAINER_BYTES_PER_SECOND = 16000;

/** Magic numbers of containers, to catch container bytes declared as raw PCM (close 4002). */
export function looksLikeContainer(head: Buffer): boolean {
	const ascii = head.toString('latin1', 0, 4);
	if (['RIFF', 'RIFX', 'OggS', 'fLaC', 'FORM', 'ID3\x03', 'ID3\x04'].includes(ascii) || ascii.startsWith('ID3')) return true;
	if (head.length >= 8 && head.toString('latin1', 4, 8) === 'ftyp') return true;
	if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return true; // WebM / Matroska
	return false;
}

/** The MPEG-1 Layer III, 48 kHz, 32 kbit/s mono frame: 96 bytes, 24 ms, all zero data (silence). */
export const MP3_FRAME_MS = 24;
const MP3_FRAME_BYTES = 96;

/**
 * A silent MP3 clip of `durationMs` (whole 24 ms frames, at least one). `label` is written into the
 * first frame's ancillary bytes (after the 17-byte side info, where a decoder with part2_3_length 0
 * reads nothing), so a test can tell clips apart and check their order after reassembly.
 */
export function silentMp3Clip(durationMs: number, label = ''): Buffer {
	const frames = Math.max(1, Math.round(durationMs / MP3_FRAME_MS));
	const out = Buffer.alloc(frames * MP3_FRAME_BYTES);
	for (let i = 0; i < frames; i++) {
		const o = i * MP3_FRAME_BYTES;
		out[o] = 0xff;
		out[o + 1] = 0xfb;
		out[o + 2] = 0x14;
		out[o + 3] = 0xc4;
	}
	if (label) out.write(label.slice(0, MP3_FRAME_BYTES - 4 - 17 - 1), 4 + 17, 'latin1');
	return out;
}

/** Labels written by `silentMp3Clip`, in order, as found in a (reassembled) MP3. */
export function mp3ClipLabels(mp3: Buffer): string[] {
	const labels: string[] = [];
	for (let o = 0; o + MP3_FRAME_BYTES <= mp3.length; o += MP3_FRAME_BYTES) {
		const text = mp3.toString('latin1', o + 21, o + MP3_FRAME_BYTES).replace(/\0+$/, '');
		if (text) labels.push(text);
	}
	return labels;
}

export function mp3DurationMs(mp3: Buffer): number {
	return Math.floor(mp3.length / MP3_FRAME_BYTES) * MP3_FRAME_MS;
}

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

function wavHeader(opts: TestWavOptions, dataBytes: number): Buffer {
	const rate = opts.sampleRate ?? 16000;
	const ch = opts.channels ?? 1;
	const bits = opts.float ? 32 : (opts.bitsPerSample ?? 16);
	const fmt = Buffer.alloc(24);
	fmt.write('fmt ', 0, 'ascii');
	fmt.writeUInt32LE(16, 4);
	fmt.writeUInt16LE(opts.float ? 3 : 1, 8);
	fmt.writeUInt16LE(ch, 10);
	fmt.writeUInt32LE(rate, 12);
	fmt.writeUInt32LE((rate * ch * bits) / 8, 16);
	fmt.writeUInt16LE((ch * bits) / 8, 20);
	fmt.writeUInt16LE(bits, 22);
	const extra = opts.extraChunks
		? Buffer.concat([Buffer.from('LIST\x04\x00\x00\x00INFO', 'latin1'), Buffer.from('junk\x03\x00\x00\x00abc\x00', 'latin1')])
		: Buffer.alloc(0);
	const dataHeader = Buffer.alloc(8);
	dataHeader.write('data', 0, 'ascii');
	dataHeader.writeUInt32LE(Math.min(dataBytes, 0xffffffff), 4);
	const riff = Buffer.alloc(12);
	riff.write('RIFF', 0, 'ascii');
	riff.writeUInt32LE(Math.min(4 + fmt.length + extra.length + 8 + dataBytes, 0xffffffff), 4);
	riff.write('WAVE', 8, 'ascii');
	return Buffer.concat([riff, fmt, extra, dataHeader]);
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
	return Buffer.concat([wavHeader(opts, pcm.length), pcm]);
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
	out.write(wavHeader(opts, dataBytes));
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
	return size + wavHeader(opts, dataBytes).length;
}
