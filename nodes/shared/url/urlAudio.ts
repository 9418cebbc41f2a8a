/**
 * An item's audio from a URL, as the same AudioInput a binary gives, so the transport is unchanged.
 *
 * Nothing goes to Modulate when the download fails before the upload could start: resolving the URL
 * already GETs it and reads its headers and first bytes (the probe), so a bad scheme, an unreachable or
 * unknown host, a timeout, an error status, a redirect loop, a non-audio answer, an unknown format and a
 * Content-Length over the endpoint's limit all fail the item here, before any request to Modulate.
 * The probe then closes the connection; every body (each upload attempt, each streaming session, the
 * Platform's base64) downloads the file anew, so a retry re-reads it and the node never holds the whole
 * file (except the Platform's ≤ 5 MB payload, which its JSON body needs whole).
 *
 * Without a Content-Length the size is only known at the end: the bytes are counted as they stream and
 * the body fails as soon as they pass the limit. The upload (sent chunked, with no length announced) is
 * then aborted mid-way, so Modulate never gets a complete request; spooling to n8n's binary store first
 * would avoid even that, but in n8n 1.x's default memory mode it would hold the whole file.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';
import { listExtensions, mimeForExtension } from '../audioFormats';
import { describeValue, formatBytes, readableFrom, recordBodyFailure, uploadName } from '../audioInput';
import type { AudioInput, AudioRules } from '../audioInput';
import { classificationOf, classified, withoutErrorCodes } from '../transport/errors';
import { scrubSecrets, urlSecrets, withoutQuery } from '../transport/secrets';
import { DOWNLOAD_DEFAULTS, DownloadError, openDownload, transportProblem } from './download';
import type { DownloadProblem, DownloadSettings, HttpRequest, OpenedDownload, StreamBody } from './download';
import { decideFormat, pathFileName } from './format';
import { SNIFF_BYTES } from './sniff';

/** The first bytes of a body, then the connection closed. */
async function readHead(body: StreamBody, bytes: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let total = 0;
	try {
		for await (const chunk of body) {
			chunks.push(chunk);
			total += chunk.length;
			if (total >= bytes) break;
		}
	} finally {
		body.destroy();
	}
	return Buffer.concat(chunks);
}

function tooLarge(size: string, rules: AudioRules, known: boolean): DownloadProblem {
	return {
		category: 'fileTooLarge',
		retryable: false,
		cause: `the recording is too large: ${known ? '' : 'more than '}${size}; ${rules.operation} accepts at most ${formatBytes(rules.maxBytes)}`,
		fix: 'Split the recording, compress it (e.g. to MP3), or use a streaming operation for long audio.',
	};
}

const EMPTY: DownloadProblem = {
	category: 'badRequest',
	retryable: false,
	cause: 'the download is empty (0 bytes)',
	fix: 'Check that the link points at the recording itself.',
};

export async function resolveUrlAudio(
	this: IExecuteFunctions,
	itemIndex: number,
	rawUrl: unknown,
	rules: AudioRules,
	overrides: Partial<DownloadSettings> = {},
): Promise<AudioInput> {
	const node = this.getNode();
	const url = typeof rawUrl === 'string' ? rawUrl.trim() : '';
	const secrets = url ? urlSecrets(url) : [];
	const shown = url ? `"${withoutQuery(url)}"` : '';
	const settings: DownloadSettings = { ...DOWNLOAD_DEFAULTS, signal: this.getExecutionCancelSignal?.(), ...overrides };

	const fail = (error: unknown): Error => {
		if (classificationOf(error)) return error as Error;
		const problem = error instanceof DownloadError ? error.problem : transportProblem(error, settings, url);
		const { message, codes } = withoutErrorCodes(scrubSecrets(`Item ${itemIndex}: Audio URL ${shown}: ${problem.cause}`, secrets));
		const description = [problem.fix, problem.detail ? `Details: ${problem.detail}.` : '', codes.length ? `Error code: ${codes.join(', ')}.` : '']
			.filter(Boolean)
			.join(' ');
		return classified(new NodeOperationError(node, message, { description: scrubSecrets(description, secrets), itemIndex }), problem);
	};

	if (!url) {
		throw classified(
			new NodeOperationError(node, `Item ${itemIndex}: "Audio URL" must be a link to the recording, but it is ${describeValue(rawUrl)}`, {
				description: 'Set Audio URL to an http(s) link, e.g. {{ $json.recordingUrl }}.',
				itemIndex,
			}),
			{ category: 'badRequest', retryable: false },
		);
	}

	const helpers = this.helpers;
	const httpRequest: HttpRequest = async (options) => await helpers.httpRequest(options);
	const open = async (): Promise<OpenedDownload> => {
		try {
			return await openDownload(httpRequest, url, settings);
		} catch (error) {
			throw fail(error);
		}
	};

	const probe = await open();
	if (probe.contentLength !== undefined && probe.contentLength > rules.maxBytes) {
		probe.body.destroy();
		throw fail(new DownloadError(tooLarge(formatBytes(probe.contentLength), rules, true)));
	}
	let head: Buffer;
	try {
		head = await readHead(probe.body, SNIFF_BYTES);
	} catch (error) {
		throw fail(error);
	}
	if (probe.contentLength === 0 || head.length === 0) throw fail(new DownloadError(EMPTY));

	const format = decideFormat(probe.contentType, probe.finalUrl, head);
	if (!format.ok) {
		throw fail(
			new DownloadError({
				category: 'unsupportedFormat',
				retryable: false,
				cause: format.cause,
				fix: format.notAudio
					? 'Use a link that downloads the recording itself (a presigned or direct media link), not a page; open it in a private browser window to check it needs no sign-in.'
					: `Use a link whose server sends an audio Content-Type or whose path ends in the format's extension; supported: ${listExtensions(rules.extensions)}.`,
			}),
		);
	}
	const { extension } = format;
	if (!rules.extensions.includes(extension)) {
		throw fail(
			new DownloadError({
				category: 'unsupportedFormat',
				retryable: false,
				cause: `unsupported file format .${extension} (from the ${format.from}); ${rules.operation} takes ${listExtensions(rules.extensions)}`,
				fix: 'Convert the recording to a supported format.',
			}),
		);
	}

	const expected = probe.contentLength;
	/** One fresh download's bytes, counted: past the limit, or not the size first announced, it fails. */
	async function* bytesOf(opened: OpenedDownload, onFailure?: (error: Error) => void): AsyncGenerator<Buffer> {
		const failed = (error: unknown): Error => {
			const built = fail(error);
			onFailure?.(built);
			return built;
		};
		let count = 0;
		try {
			if (expected !== undefined && opened.contentLength !== undefined && opened.contentLength !== expected) {
				throw new DownloadError({
					category: 'network',
					retryable: true,
					cause: `the recording changed while it was being read (${formatBytes(expected)}, then ${formatBytes(opened.contentLength)})`,
					fix: 'Try again once the file at the link is complete.',
				});
			}
			for await (const chunk of opened.body) {
				count += chunk.length;
				if (count > rules.maxBytes) throw new DownloadError(tooLarge(formatBytes(rules.maxBytes), rules, false));
				yield chunk;
			}
		} catch (error) {
			throw failed(error);
		} finally {
			opened.body.destroy();
		}
		if (count === 0) throw failed(new DownloadError(EMPTY));
		if (expected !== undefined && count !== expected) {
			throw failed(
				new DownloadError({
					category: 'network',
					retryable: true,
					cause: `the download ended after ${formatBytes(count)} of ${formatBytes(expected)}`,
					fix: 'Usually temporary: try again.',
				}),
			);
		}
	}

	async function* chunks(chunkSize = 64 * 1024): AsyncIterable<Buffer> {
		for await (const chunk of bytesOf(await open())) {
			for (let offset = 0; offset < chunk.length; offset += chunkSize) yield chunk.subarray(offset, offset + chunkSize);
		}
	}

	const name = pathFileName(url) || pathFileName(probe.finalUrl);
	return {
		fileName: uploadName(name, extension, rules),
		mimeType: mimeForExtension(extension),
		extension,
		size: expected,
		chunks,
		toBuffer: async () => {
			const parts: Buffer[] = [];
			for await (const chunk of bytesOf(await open())) parts.push(chunk);
			return Buffer.concat(parts);
		},
		wrappedBody: async (prefix, suffix) => {
			const opened = await open();
			const body = readableFrom(
				opened.body,
				(async function* () {
					yield prefix;
					yield* bytesOf(opened, (error) => recordBodyFailure(body, error));
					yield suffix;
				})(),
			);
			return body;
		},
	};
}
