/** An item's audio as the Platform takes it: checked against its formats and size, sent as base64 JSON. */
import type { IExecuteFunctions } from 'n8n-workflow';
import type { AudioSource } from '../shared/audioSource';
import { resolveAudio } from '../shared/binary';
import type { FilePayload } from './platformApi';
import { PLATFORM_EXTENSIONS, PLATFORM_MAX_FILE_BYTES } from './platformApi';

export interface PlatformAudio extends FilePayload {
	size: number;
}

/** Checks an item's audio (mp3/wav/opus, ≤ 5 MB) without loading it (a URL's headers and first bytes only). */
export async function checkPlatformAudio(
	ctx: IExecuteFunctions,
	itemIndex: number,
	source: AudioSource,
	operation: string,
) {
	return await resolveAudio.call(ctx, itemIndex, source, {
		extensions: PLATFORM_EXTENSIONS,
		maxBytes: PLATFORM_MAX_FILE_BYTES,
		operation,
	});
}

/** The audio as the JSON body carries it: base64 (the 5 MB cap keeps this small). */
export async function platformPayload(audio: Awaited<ReturnType<typeof checkPlatformAudio>>): Promise<PlatformAudio> {
	const buffer = await audio.toBuffer();
	return { base64: buffer.toString('base64'), extension: audio.extension, fileName: audio.fileName, size: buffer.length };
}
