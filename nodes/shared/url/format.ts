/**
 * A download's audio format, from what is most trustworthy down: the answer's Content-Type, then the
 * extension of the URL's path, then the file's first bytes. A server that labels its answer as something
 * other than audio (an HTML login page, a JSON error) is believed unless the bytes say audio.
 */
import { extensionForMime, extensionOf, normalizeExtension, AUDIO_FORMATS } from '../audioFormats';
import { looksLikeText, sniffAudioFormat } from './sniff';

/** Content types that say nothing about the format. */
const GENERIC_TYPES = new Set([
	'',
	'application/octet-stream',
	'binary/octet-stream',
	'application/binary',
	'application/x-download',
	'application/force-download',
	'application/download',
	'application/unknown',
]);

export type FormatDecision =
	| { ok: true; extension: string; from: 'content type' | 'URL path' | 'first bytes' }
	| { ok: false; notAudio: boolean; cause: string };

/** The file name in the URL's path (decoded), or '' when the path ends in a folder. */
export function pathFileName(url: string): string {
	let path = '';
	try {
		path = new URL(url).pathname;
	} catch {
		return '';
	}
	const last = path.split('/').pop() ?? '';
	try {
		return decodeURIComponent(last).replace(/[\\/\r\n"]/g, '_');
	} catch {
		return last;
	}
}

const KNOWN = new Set(AUDIO_FORMATS.map((f) => f.ext));

export function decideFormat(contentType: string | undefined, url: string, head: Buffer): FormatDecision {
	const type = (contentType ?? '').toLowerCase().split(';')[0].trim();
	const fromType = extensionForMime(contentType);
	if (fromType) return { ok: true, extension: fromType, from: 'content type' };
	const sniffed = sniffAudioFormat(head);
	// An audio or video type this package has no name for still says "media": the path or bytes may tell.
	if (!GENERIC_TYPES.has(type) && !/^(audio|video)\//.test(type)) {
		if (sniffed) return { ok: true, extension: sniffed, from: 'first bytes' };
		return { ok: false, notAudio: true, cause: `the server answered with ${type}, not audio${/html/.test(type) ? ' (a web page: a login or error page?)' : ''}` };
	}
	const fromPath = normalizeExtension(extensionOf(pathFileName(url)));
	if (fromPath && KNOWN.has(fromPath)) return { ok: true, extension: fromPath, from: 'URL path' };
	if (sniffed) return { ok: true, extension: sniffed, from: 'first bytes' };
	if (looksLikeText(head)) {
		return { ok: false, notAudio: true, cause: `the server answered with text (${type || 'no content type'}), not audio` };
	}
	return {
		ok: false,
		notAudio: false,
		cause: `its format cannot be told: the answer's content type is ${type || 'missing'}, the path has no audio extension, and the first bytes match no known audio format`,
	};
}
