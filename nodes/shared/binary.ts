/**
 * Resolves an item's audio into what a request needs: a file name with the right extension, a matching
 * MIME type, a size checked against the endpoint's limit, and a body that streams from n8n's binary store
 * when the binary lives there (n8n 2.x keeps binaries on disk), so a 100 MB file is never held whole.
 * A URL source is downloaded as it is sent instead (url/urlAudio.ts); both give the same AudioInput.
 */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import {
	extensionForMime,
	extensionOf,
	listExtensions,
	mimeForExtension,
	normalizeExtension,
} from './audioFormats';
import { describeValue, formatBytes, readableFrom, uploadName } from './audioInput';
import type { AudioInput, AudioRules } from './audioInput';
import type { AudioSource } from './audioSource';
import { inputError } from './transport/errors';
import { resolveUrlAudio } from './url/urlAudio';

export type { AudioInput, AudioRules } from './audioInput';
export { describeValue, formatBytes } from './audioInput';

function base64Size(data: string): number {
	const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
	return Math.floor((data.length * 3) / 4) - padding;
}

/** The item's audio from its source: a binary property of the item, or a URL downloaded as it is sent. */
export async function resolveAudio(
	this: IExecuteFunctions,
	itemIndex: number,
	source: AudioSource,
	rules: AudioRules,
): Promise<AudioInput> {
	if (source.kind === 'url') return await resolveUrlAudio.call(this, itemIndex, source.url, rules);
	return await resolveBinaryAudio.call(this, itemIndex, source.propertyName, rules);
}

async function resolveBinaryAudio(
	this: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	rules: AudioRules,
): Promise<AudioInput> {
	const node = this.getNode();
	if (typeof propertyName !== 'string' || !propertyName.trim()) {
		throw inputError(
			node,
			itemIndex,
			`"Input Binary Field" must be the name of a binary property (text such as "data"), but it is ${describeValue(propertyName)}`,
			'Check the expression in Input Binary Field: it should give the name of the binary property, not the binary data or another object.',
		);
	}
	const item = this.getInputData()[itemIndex];
	const binary: IBinaryData | undefined = item?.binary?.[propertyName];
	if (!binary) {
		const present = Object.keys(item?.binary ?? {});
		throw inputError(
			node,
			itemIndex,
			`no binary property "${propertyName}" to read the audio from`,
			present.length
				? `This item has binary properties: ${present.join(', ')}. Set "Input Binary Field" to one of them.`
				: 'This item has no binary data. Put the recording in a binary property first (e.g. with Read/Write Files from Disk, HTTP Request with "Response Format: File", or a storage node).',
		);
	}

	let size: number;
	if (binary.id) {
		const metadata = await this.helpers.getBinaryMetadata(binary.id);
		size = metadata.fileSize;
	} else {
		size = base64Size(binary.data ?? '');
	}

	const originalName = binary.fileName ?? '';
	const nameExt = normalizeExtension(extensionOf(originalName));
	const mimeExt = extensionForMime(binary.mimeType);
	let extension: string | undefined;
	let renamedFrom: string | undefined;
	if (nameExt && rules.extensions.includes(nameExt)) {
		extension = nameExt;
	} else if (mimeExt && rules.extensions.includes(mimeExt)) {
		extension = mimeExt;
		renamedFrom = originalName || '(no file name)';
	}
	if (!extension) {
		const shown = nameExt ? `.${nameExt}` : mimeExt ? `.${mimeExt}` : `MIME type ${binary.mimeType || 'unknown'}`;
		throw inputError(
			node,
			itemIndex,
			`unsupported file format ${shown} in binary property "${propertyName}" (file "${originalName || 'unnamed'}", ${binary.mimeType || 'no MIME type'}); supported: ${listExtensions(rules.extensions)}`,
			'Convert the recording to a supported format, or, if it already is one, give it the right file extension or MIME type (e.g. set fileName in a Code node).',
			'unsupportedFormat',
		);
	}
	if (size === 0) {
		throw inputError(node, itemIndex, `the audio in binary property "${propertyName}" is empty (0 bytes)`, 'Check the step that produced the file.');
	}
	if (size > rules.maxBytes) {
		throw inputError(
			node,
			itemIndex,
			`file too large: "${originalName}" is ${formatBytes(size)}; ${rules.operation} accepts at most ${formatBytes(rules.maxBytes)}`,
			'Split the recording, compress it (e.g. to MP3), or use a streaming operation for long audio.',
			'fileTooLarge',
		);
	}

	const fileName = uploadName(originalName, extension, rules);
	const mimeType = mimeForExtension(extension);
	const helpers = this.helpers;

	async function* chunks(chunkSize = 64 * 1024): AsyncIterable<Buffer> {
		if (binary!.id) {
			const stream = await helpers.getBinaryStream(binary!.id, chunkSize);
			for await (const chunk of stream) yield chunk as Buffer;
			return;
		}
		const buffer = await helpers.getBinaryDataBuffer(itemIndex, propertyName);
		for (let offset = 0; offset < buffer.length; offset += chunkSize) {
			yield buffer.subarray(offset, offset + chunkSize);
		}
	}

	return {
		fileName,
		mimeType,
		extension,
		size,
		renamedFrom,
		chunks,
		toBuffer: async () => await helpers.getBinaryDataBuffer(itemIndex, propertyName),
		wrappedBody: async (prefix, suffix) => {
			if (!binary.id) {
				return Buffer.concat([prefix, await helpers.getBinaryDataBuffer(itemIndex, propertyName), suffix]);
			}
			const stream = await helpers.getBinaryStream(binary.id, 256 * 1024);
			return readableFrom(
				stream,
				(async function* () {
					yield prefix;
					for await (const chunk of stream) yield chunk as Buffer;
					yield suffix;
				})(),
			);
		},
	};
}
