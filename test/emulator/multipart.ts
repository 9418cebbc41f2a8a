/**
 * multipart/form-data for the emulator: parsing request bodies (RFC 7578, as a FastAPI/Starlette server
 * reads them) and building the redaction endpoint's multipart response. No dependencies.
 */

export interface FilePart {
	field: string;
	fileName: string;
	contentType: string;
	data: Buffer;
	/** Bytes of this part that arrived but were not kept (the body was over the size cap). */
	droppedBytes: number;
}

export interface ParsedForm {
	/** Text fields; a repeated field keeps its last value here and all values in `repeated`. */
	fields: Record<string, string>;
	repeated: Record<string, string[]>;
	files: FilePart[];
	/** The body was not multipart, or had no usable boundary. */
	notMultipart: boolean;
}

/** Read a header parameter (`boundary`, `name`, `filename`, `filename*`) from a header value. */
export function headerParam(value: string, name: string): string | undefined {
	const re = new RegExp(`(?:^|;)\\s*${name.replace('*', '\\*')}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i');
	const m = re.exec(value);
	if (!m) return undefined;
	return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

function decodeExtended(v: string): string {
	// RFC 5987: charset'lang'percent-encoded
	const m = /^([^']*)'[^']*'(.*)$/.exec(v);
	if (!m) return v;
	try {
		return decodeURIComponent(m[2]);
	} catch {
		return m[2];
	}
}

/**
 * Parse a multipart body. `droppedBytes` is how many body bytes arrived after the kept buffer
 * (the size cap): the last part is then taken to run to the end of the buffer and those bytes count
 * toward its size.
 */
export function parseMultipart(body: Buffer, contentType: string | undefined, droppedBytes = 0): ParsedForm {
	const form: ParsedForm = { fields: {}, repeated: {}, files: [], notMultipart: false };
	const boundary = contentType && /^multipart\/form-data/i.test(contentType) ? headerParam(contentType, 'boundary') : undefined;
	if (!boundary) {
		form.notMultipart = true;
		return form;
	}
	const delim = Buffer.from(`--${boundary}`);
	let pos = body.indexOf(delim);
	if (pos < 0) {
		form.notMultipart = true;
		return form;
	}
	while (pos >= 0) {
		let p = pos + delim.length;
		if (body[p] === 0x2d && body[p + 1] === 0x2d) break; // closing delimiter
		// skip transport padding and CRLF after the delimiter
		while (body[p] === 0x20 || body[p] === 0x09) p++;
		if (body[p] === 0x0d && body[p + 1] === 0x0a) p += 2;
		const headerEnd = body.indexOf('\r\n\r\n', p);
		if (headerEnd < 0) break;
		const headers: Record<string, string> = {};
		for (const line of body.toString('utf8', p, headerEnd).split('\r\n')) {
			const i = line.indexOf(':');
			if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
		}
		const dataStart = headerEnd + 4;
		const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delim]), dataStart);
		const truncated = next < 0;
		const dataEnd = truncated ? body.length : next;
		const data = body.subarray(dataStart, dataEnd);
		const disp = headers['content-disposition'] ?? '';
		const name = headerParam(disp, 'name');
		if (name !== undefined) {
			const extName = headerParam(disp, 'filename*');
			const plainName = headerParam(disp, 'filename');
			const fileName = extName !== undefined ? decodeExtended(extName) : plainName;
			if (fileName !== undefined) {
				form.files.push({
					field: name,
					fileName,
					contentType: headers['content-type'] ?? 'application/octet-stream',
					data,
					droppedBytes: truncated ? droppedBytes : 0,
				});
			} else {
				const value = data.toString('utf8');
				form.fields[name] = value;
				(form.repeated[name] ??= []).push(value);
			}
		}
		if (truncated) break;
		pos = next + 2;
	}
	return form;
}

export interface OutPart {
	name: string;
	fileName?: string;
	contentType: string;
	data: Buffer | string;
}

/** Build a multipart/form-data body; returns the body and its Content-Type (with the boundary). */
export function buildMultipart(parts: OutPart[], boundary = `emulator-${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`): {
	body: Buffer;
	contentType: string;
} {
	const chunks: Buffer[] = [];
	for (const part of parts) {
		let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
		if (part.fileName !== undefined) head += `; filename="${part.fileName.replace(/"/g, '%22')}"`;
		head += `\r\nContent-Type: ${part.contentType}\r\n\r\n`;
		chunks.push(Buffer.from(head), Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data), Buffer.from('\r\n'));
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
