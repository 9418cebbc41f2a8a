/**
 * Modulate decides an upload's format by its file name's extension (docs/api-notes.md §2), so the
 * name we send must carry the right one, with a matching MIME type. This table is the single mapping
 * between them.
 */
export const AUDIO_FORMATS: ReadonlyArray<{ ext: string; mime: string; aliases?: string[] }> = [
	{ ext: '3gp', mime: 'audio/3gpp', aliases: ['video/3gpp'] },
	{ ext: 'aac', mime: 'audio/aac', aliases: ['audio/x-aac', 'audio/aacp'] },
	{ ext: 'aiff', mime: 'audio/aiff', aliases: ['audio/x-aiff'] },
	{ ext: 'amr', mime: 'audio/amr' },
	{ ext: 'au', mime: 'audio/basic', aliases: ['audio/au'] },
	{ ext: 'flac', mime: 'audio/flac', aliases: ['audio/x-flac'] },
	{ ext: 'mp3', mime: 'audio/mpeg', aliases: ['audio/mp3', 'audio/x-mp3', 'audio/mpeg3', 'audio/x-mpeg', 'audio/x-mpeg-3'] },
	{ ext: 'mp4', mime: 'audio/mp4', aliases: ['video/mp4', 'audio/x-m4a', 'audio/m4a'] },
	{ ext: 'mov', mime: 'video/quicktime' },
	{ ext: 'ogg', mime: 'audio/ogg', aliases: ['application/ogg', 'audio/vorbis'] },
	{ ext: 'opus', mime: 'audio/opus', aliases: ['audio/ogg; codecs=opus'] },
	{ ext: 'wav', mime: 'audio/wav', aliases: ['audio/x-wav', 'audio/wave', 'audio/vnd.wave'] },
	{ ext: 'webm', mime: 'audio/webm', aliases: ['video/webm'] },
	{ ext: 'wma', mime: 'audio/x-ms-wma' },
];

/** Extensions that are other names of a canonical one. */
const EXTENSION_ALIASES: Record<string, string> = { aif: 'aiff', m4a: 'mp4', oga: 'ogg', wave: 'wav', mpga: 'mp3', '3gpp': '3gp' };

/** Formats the Models API batch endpoints accept (from the specs). */
export const BATCH_EXTENSIONS = ['aac', 'aiff', 'flac', 'mp3', 'mp4', 'mov', 'ogg', 'opus', 'wav', 'webm'];

/** The synthetic-voice endpoint takes more containers than the others (its spec). */
export const SYNTHETIC_VOICE_EXTENSIONS = [...BATCH_EXTENSIONS, '3gp', '3gpp', 'amr', 'au', 'm4a', 'wma'];

/** The music and AI-music endpoints take fewer containers (their specs: no aiff, mov or webm). */
export const MUSIC_EXTENSIONS = ['aac', 'flac', 'm4a', 'mp3', 'mp4', 'ogg', 'opus', 'wav'];

export function normalizeExtension(ext: string | undefined): string | undefined {
	if (!ext) return undefined;
	const lower = ext.toLowerCase().replace(/^\./, '');
	return EXTENSION_ALIASES[lower] ?? lower;
}

export function extensionForMime(mimeType: string | undefined): string | undefined {
	if (!mimeType) return undefined;
	const mime = mimeType.toLowerCase().split(';')[0].trim();
	const full = mimeType.toLowerCase().replace(/\s+/g, ' ').trim();
	return AUDIO_FORMATS.find((f) => f.mime === mime || f.aliases?.includes(full) || f.aliases?.includes(mime))?.ext;
}

export function mimeForExtension(ext: string): string {
	return AUDIO_FORMATS.find((f) => f.ext === ext)?.mime ?? 'application/octet-stream';
}

export function extensionOf(fileName: string | undefined): string | undefined {
	const match = /\.([A-Za-z0-9]{1,8})$/.exec(fileName ?? '');
	return match ? match[1] : undefined;
}

export function listExtensions(exts: string[]): string {
	return exts.map((e) => `.${e}`).join(', ');
}
