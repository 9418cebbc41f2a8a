/**
 * What every audio source (an n8n binary, a URL) resolves to, so the transport never knows where the
 * bytes come from: a file name with the right extension, a matching MIME type, and bodies opened anew
 * on every call.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';
import { extensionOf } from './audioFormats';

export interface AudioRules {
	/** Extensions the endpoint accepts, canonical, without dots. */
	extensions: string[];
	maxBytes: number;
	/** For messages: "Transcribe", "Submit Job", … */
	operation: string;
}

export interface AudioInput {
	fileName: string;
	mimeType: string;
	extension: string;
	/**
	 * Bytes, when known before reading: always for a binary, from Content-Length for a URL. Undefined for a
	 * download without one; its bodies then count bytes as they stream and fail past the limit.
	 */
	size?: number;
	/** Set when the name we send differs from the binary's, and why. */
	renamedFrom?: string;
	/**
	 * The file between two byte strings, as a request body: a stream from n8n's binary store or from the
	 * URL when possible, else one buffer. Opened anew on every call, so a retry re-sends the whole file.
	 */
	wrappedBody(prefix: Buffer, suffix: Buffer): Promise<IHttpRequestOptions['body']>;
	/** The bytes in chunks, streamed where possible; each call reads the file from its start. */
	chunks(chunkSize?: number): AsyncIterable<Buffer>;
	/** The whole file in memory; only for small payloads (the Platform's 5 MB base64 body). */
	toBuffer(): Promise<Buffer>;
}

const MB = 1024 * 1024;

export function formatBytes(bytes: number): string {
	return bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** What a parameter's value is, for a message: "an object", "a list", "a number (5)", "empty text". */
export function describeValue(value: unknown): string {
	if (value === undefined || value === null) return 'empty (no value)';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string') return value.trim() ? `the text "${value}"` : 'empty text';
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value} (${String(value)})`;
}

/**
 * The file name to send. Modulate reads the format from the extension, so a name keeps its own extension
 * only when the endpoint lists it (the music specs list .m4a); an alias it does not list goes under the
 * canonical one.
 */
export function uploadName(originalName: string, extension: string, rules: AudioRules): string {
	const stem = originalName.replace(/\.[A-Za-z0-9]{1,8}$/, '') || 'audio';
	const ownExtension = extensionOf(originalName)?.toLowerCase();
	return ownExtension && rules.extensions.includes(ownExtension) ? originalName : `${stem}.${extension}`;
}

const bodyFailures = new WeakMap<object, Error>();

/** Records why a request body failed while being sent, for the request to report instead of its own error. */
export function recordBodyFailure(body: unknown, error: Error): void {
	if (body && typeof body === 'object') bodyFailures.set(body, error);
}

/** The error a body failed with on its own side, if it did. */
export function bodyFailureOf(body: unknown): Error | undefined {
	return body && typeof body === 'object' ? bodyFailures.get(body) : undefined;
}

/**
 * `Readable.from`, reached through a stream n8n handed us: node code may import only n8n-workflow,
 * and n8n's HTTP client (axios) sends a Readable body as it is read. The runtime's FormData is no way
 * round this: from Node 24 it accepts only a real Blob, which would hold the whole file in memory.
 */
export function readableFrom(sample: object, source: AsyncIterable<Buffer>): IHttpRequestOptions['body'] {
	const ReadableClass = sample.constructor as unknown as {
		from(iterable: AsyncIterable<Buffer>, options: { objectMode: boolean }): IHttpRequestOptions['body'];
	};
	return ReadableClass.from(source, { objectMode: false });
}
