/**
 * The audio formats the streaming models take (the AsyncAPI specs): raw sample formats and their sizes,
 * containers, sample rates, and the magic numbers that give container bytes away.
 */
import { SVD_MODEL } from './options';

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

export function pyList(values: Array<string | number>): string {
	return `[${values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ')}]`;
}

export function formatsFor(model: string): string[] {
	const base = [...Object.keys(RAW_BYTES), ...CONTAINERS];
	return (model === SVD_MODEL ? [...base, ...SVD_EXTRA_CONTAINERS] : base).sort();
}
