/**
 * The Models API batch call: one audio file and its form fields, POSTed to `/api/<model>`.
 * Operations describe what to send and shape what comes back; this does the sending.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { BATCH_EXTENSIONS, listExtensions } from '../../shared/audioFormats';
import { resolveAudio } from '../../shared/binary';
import type { AudioInput } from '../../shared/binary';
import type { AudioSource } from '../../shared/audioSource';
import type { ItemCredentials } from '../../shared/transport/credentials';
import { modulateRequest } from '../../shared/transport/request';
import type { ErrorCategory } from '../../shared/transport/classify';
import type { AnswerReader, ModulateResponse, TransportSettings } from '../../shared/transport/request';
import { answerReaderFor } from './answers';
import { buildAudioMultipart } from './multipart';
import type { FormFields } from './multipart';

/** Every batch endpoint takes files up to 100 MB (docs/api-notes.md §2). */
export const BATCH_MAX_BYTES = 100 * 1024 * 1024;

/** The endpoint an operation calls, and how. */
export interface BatchModel {
	model: string;
	/** For messages: "Transcribe", "Redact PII/PHI", … */
	operation: string;
	responseType?: 'json' | 'buffer';
	extensions?: string[];
	/** How a 2xx answer is checked; by default against the model's JSON shape (answers.ts). */
	answer?: AnswerReader;
	/** Sentences added to the error message per category. */
	hints?: Partial<Record<ErrorCategory, string>>;
}

/** What one item sends. */
export interface BatchRequest {
	audio: AudioInput;
	fields: FormFields;
	settings: TransportSettings;
}

export async function readBatchAudio(
	ctx: IExecuteFunctions,
	itemIndex: number,
	source: AudioSource,
	model: Pick<BatchModel, 'operation' | 'extensions'>,
): Promise<AudioInput> {
	return await resolveAudio.call(ctx, itemIndex, source, {
		extensions: model.extensions ?? BATCH_EXTENSIONS,
		maxBytes: BATCH_MAX_BYTES,
		operation: model.operation,
	});
}

export async function postBatch<T>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
	{ audio, fields, settings }: BatchRequest,
	model: BatchModel,
): Promise<ModulateResponse<T>> {
	const supported = listExtensions(model.extensions ?? BATCH_EXTENSIONS);
	const response = await modulateRequest.call(
		ctx,
		itemIndex,
		credentials,
		{
			method: 'POST',
			path: `/api/${model.model}`,
			body: async () => await buildAudioMultipart(audio, fields),
			responseType: model.responseType ?? 'json',
			operation: `${model.operation} (${model.model})`,
			failureContext: { surface: 'models', target: model.model },
			hints: {
				unsupportedFormat: `Sent "${audio.fileName}" (${audio.mimeType}); supported: ${supported}`,
				...model.hints,
			},
			answer: model.answer ?? answerReaderFor(model.model),
		},
		settings,
	);
	return response as ModulateResponse<T>;
}

/** The usual batch call: the item's audio to one model, its JSON answer back. */
export async function callBatchModel(
	ctx: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
	request: Omit<BatchRequest, 'audio'> & { source: AudioSource },
	model: BatchModel,
): Promise<IDataObject> {
	const audio = await readBatchAudio(ctx, itemIndex, request.source, model);
	const response = await postBatch<IDataObject>(ctx, itemIndex, credentials, { audio, fields: request.fields, settings: request.settings }, model);
	return response.body;
}
