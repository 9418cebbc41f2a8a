/**
 * The audio format a file's first bytes announce (its magic number): the last resort for a download whose
 * server says only application/octet-stream and whose path has no extension. Returns a canonical
 * extension from audioFormats.ts, or undefined.
 */

function ascii(head: Buffer, start: number, text: string): boolean {
	return head.length >= start + text.length && head.toString('latin1', start, start + text.length) === text;
}

/** Bytes enough to recognise every format below. */
export const SNIFF_BYTES = 64;

export function sniffAudioFormat(head: Buffer): string | undefined {
	if (ascii(head, 0, 'RIFF') && (ascii(head, 8, 'WAVE') || ascii(head, 8, 'RF64'))) return 'wav';
	if (ascii(head, 0, 'RF64') && ascii(head, 8, 'WAVE')) return 'wav';
	if (ascii(head, 0, 'fLaC')) return 'flac';
	if (ascii(head, 0, 'OggS')) return head.includes('OpusHead', 0, 'latin1') ? 'opus' : 'ogg';
	if (ascii(head, 0, 'FORM') && (ascii(head, 8, 'AIFF') || ascii(head, 8, 'AIFC'))) return 'aiff';
	if (ascii(head, 0, '#!AMR')) return 'amr';
	if (ascii(head, 0, '.snd')) return 'au';
	if (ascii(head, 4, 'ftyp')) {
		const brand = head.toString('latin1', 8, 12);
		if (brand === 'qt  ') return 'mov';
		if (brand.startsWith('3g')) return '3gp';
		return 'mp4';
	}
	if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return 'webm';
	if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11]))) return 'wma';
	if (ascii(head, 0, 'ID3')) return 'mp3';
	if (head.length >= 2 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0) {
		// MPEG frame sync: layer bits 00 is an AAC ADTS frame, anything else an MPEG audio (MP3) frame.
		return (head[1] & 0x06) === 0 ? 'aac' : 'mp3';
	}
	return undefined;
}

/** Whether the first bytes look like text (an HTML login page, a JSON or XML error) rather than audio. */
export function looksLikeText(head: Buffer): boolean {
	const start = head.toString('utf8', 0, Math.min(head.length, SNIFF_BYTES)).trimStart().toLowerCase();
	return /^(<!doctype|<html|<\?xml|<[a-z]|\{|\[)/.test(start);
}
