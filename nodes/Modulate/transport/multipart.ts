/**
 * Multipart in both directions: the form every batch endpoint takes (audio part `upload_file` plus text
 * fields), and the redaction endpoint's multipart answer (a JSON `metadata` part and an MP3 `audio` part).
 */
import { randomBytes } from 'crypto';
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import type { AudioInput } from '../../shared/binary';

export type FormFields = Record<string, string | number | boolean | undefined>;

export interface MultipartBody {
	body: IHttpRequestOptions['body'];
	headers: IDataObject;
}

const CRLF = '\r\n';

function quoted(value: string): string {
	return value.replace(/[\r\n"\\]/g, (c) => encodeURIComponent(c));
}

/**
 * The multipart/form-data request every batch endpoint takes: text fields, then the audio part
 * (`upload_file`). Built by hand so the file streams from n8n's binary store with a known
 * Content-Length (none when the audio's size is not known in advance: a download without one goes
 * chunked). Booleans go as the strings `true` / `false` (docs/api-notes.md §2); undefined fields
 * are left out.
 */
export async function buildAudioMultipart(
	audio: AudioInput,
	fields: FormFields,
	fileField = 'upload_file',
): Promise<MultipartBody> {
	const boundary = `----n8nModulate${randomBytes(12).toString('hex')}`;
	let head = '';
	for (const [name, value] of Object.entries(fields)) {
		if (value === undefined) continue;
		head += `--${boundary}${CRLF}Content-Disposition: form-data; name="${quoted(name)}"${CRLF}${CRLF}${String(value)}${CRLF}`;
	}
	head +=
		`--${boundary}${CRLF}Content-Disposition: form-data; name="${quoted(fileField)}"; filename="${quoted(audio.fileName)}"${CRLF}` +
		`Content-Type: ${audio.mimeType}${CRLF}${CRLF}`;
	const prefix = Buffer.from(head, 'utf8');
	const suffix = Buffer.from(`${CRLF}--${boundary}--${CRLF}`, 'utf8');
	return {
		body: await audio.wrappedBody(prefix, suffix),
		headers: {
			'content-type': `multipart/form-data; boundary=${boundary}`,
			...(audio.size === undefined ? {} : { 'content-length': String(prefix.length + audio.size + suffix.length) }),
		},
	};
}

export interface MultipartPart {
	name?: string;
	fileName?: string;
	contentType?: string;
	headers: Record<string, string>;
	body: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | undefined {
	const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
	return match ? (match[1] ?? match[2]) : undefined;
}

/** Parses a multipart body held in memory (the redaction answer: transcript JSON + an MP3 of the call). */
export function parseMultipart(body: Buffer, contentType: string | undefined): MultipartPart[] {
	const boundary = boundaryOf(contentType);
	if (!boundary) throw new Error(`the answer is not multipart (Content-Type: ${contentType ?? 'none'})`);
	const delimiter = Buffer.from(`--${boundary}`);
	const parts: MultipartPart[] = [];
	let position = body.indexOf(delimiter);
	if (position < 0) throw new Error('the multipart answer has no part boundary');
	while (position >= 0) {
		let start = position + delimiter.length;
		if (body.subarray(start, start + 2).toString() === '--') break;
		if (body.subarray(start, start + 2).toString() === '\r\n') start += 2;
		else if (body[start] === 0x0a) start += 1;
		const next = body.indexOf(delimiter, start);
		if (next < 0) throw new Error('the multipart answer is truncated (no closing boundary)');
		let end = next;
		if (body[end - 1] === 0x0a) end--;
		if (body[end - 1] === 0x0d) end--;
		parts.push(parsePart(body.subarray(start, end)));
		position = next;
	}
	return parts;
}

function parsePart(raw: Buffer): MultipartPart {
	let split = raw.indexOf('\r\n\r\n');
	let skip = 4;
	if (split < 0) {
		split = raw.indexOf('\n\n');
		skip = 2;
	}
	const headerText = split >= 0 ? raw.subarray(0, split).toString('utf8') : '';
	const body = split >= 0 ? raw.subarray(split + skip) : raw;
	const headers: Record<string, string> = {};
	for (const line of headerText.split(/\r?\n/)) {
		const colon = line.indexOf(':');
		if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	const disposition = headers['content-disposition'] ?? '';
	return {
		name: /\bname="([^"]*)"/i.exec(disposition)?.[1],
		fileName: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
		contentType: headers['content-type'],
		headers,
		body,
	};
}
