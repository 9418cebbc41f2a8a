/**
 * WAV (RIFF/RIFX) header parsing for streaming: the sample rate, channels and sample format decide the
 * raw `audio_format` the PCM is sent as, and the data chunk's offset and size say which bytes to send.
 * Chunks before `data` (LIST, fact, junk, …) are walked over, odd sizes padded, as RIFF requires.
 */

export interface WavHeader {
	/** Raw format name of the specs (`s16le`, `f32le`, `mulaw`, …), undefined when it has none. */
	rawFormat?: string;
	formatCode: number;
	sampleRate: number;
	channels: number;
	bitsPerSample: number;
	/** Offset of the first PCM byte. */
	dataOffset: number;
	/** Declared size of the data chunk; undefined when unknown (0 or 0xFFFFFFFF in streamed WAVs). */
	dataSize?: number;
	bigEndian: boolean;
}

export type WavParse = { status: 'ok'; header: WavHeader } | { status: 'more' } | { status: 'invalid'; reason: string };

/** Stop looking for the `data` chunk after this many header bytes. */
export const MAX_WAV_HEADER_BYTES = 1024 * 1024;

const PCM = 1;
const FLOAT = 3;
const ALAW = 6;
const MULAW = 7;
const EXTENSIBLE = 0xfffe;

function rawFormatOf(code: number, bits: number, bigEndian: boolean): string | undefined {
	const e = bigEndian ? 'be' : 'le';
	if (code === PCM) {
		if (bits === 8) return 'u8';
		if (bits === 16 || bits === 24 || bits === 32) return `s${bits}${e}`;
	}
	if (code === FLOAT && (bits === 32 || bits === 64)) return `f${bits}${e}`;
	if (code === ALAW && bits === 8) return 'alaw';
	if (code === MULAW && bits === 8) return 'mulaw';
	return undefined;
}

export function parseWavHeader(buf: Buffer): WavParse {
	if (buf.length < 12) return { status: 'more' };
	const riff = buf.toString('latin1', 0, 4);
	if ((riff !== 'RIFF' && riff !== 'RIFX') || buf.toString('latin1', 8, 12) !== 'WAVE') {
		return { status: 'invalid', reason: 'no RIFF/WAVE header' };
	}
	const bigEndian = riff === 'RIFX';
	const u16 = (o: number) => (bigEndian ? buf.readUInt16BE(o) : buf.readUInt16LE(o));
	const u32 = (o: number) => (bigEndian ? buf.readUInt32BE(o) : buf.readUInt32LE(o));
	let offset = 12;
	let fmt: Omit<WavHeader, 'dataOffset' | 'dataSize' | 'rawFormat'> | undefined;
	while (offset + 8 <= buf.length) {
		const id = buf.toString('latin1', offset, offset + 4);
		const size = u32(offset + 4);
		if (id === 'data') {
			if (!fmt) return { status: 'invalid', reason: 'the data chunk comes before the fmt chunk' };
			const dataSize = size === 0 || size === 0xffffffff ? undefined : size;
			return {
				status: 'ok',
				header: { ...fmt, rawFormat: rawFormatOf(fmt.formatCode, fmt.bitsPerSample, bigEndian), dataOffset: offset + 8, dataSize },
			};
		}
		if (id === 'fmt ') {
			if (size < 16) return { status: 'invalid', reason: 'fmt chunk too short' };
			if (offset + 8 + Math.min(size, 40) > buf.length) return { status: 'more' };
			let formatCode = u16(offset + 8);
			if (formatCode === EXTENSIBLE && size >= 40) formatCode = u16(offset + 8 + 24);
			fmt = {
				formatCode,
				channels: u16(offset + 10),
				sampleRate: u32(offset + 12),
				bitsPerSample: u16(offset + 22),
				bigEndian,
			};
		}
		offset += 8 + size + (size % 2);
	}
	if (buf.length >= MAX_WAV_HEADER_BYTES) return { status: 'invalid', reason: 'no data chunk in the first 1 MB' };
	return { status: 'more' };
}
