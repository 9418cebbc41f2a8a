/**
 * The Models API batch call: one audio file and its form fields, POSTed to `/api/<model>`.
 * Operations describe what to send and shape what comes back; this does the sending.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { BATCH_EXTENSIONS, listExtensions } from '../../shared/audioFormats';
import { resolveAudio } from '../../shared/binary';
import type { AudioInput } from '../../shared/binary';
import { buildAudioMultipart } from './multipart';
import type { FormFields } from './multipart';
import { readTransportSettings } from '../../shared/requestOptions';
import { modulateRequest } from '../../shared/transport/request';
import type { ModulateResponse } from '../../shared/transport/request';

/** Every batch endpoint takes files up to 100 MB (contract §2). */
export const BATCH_MAX_BYTES = 100 * 1024 * 1024;

export interface BatchCall {
	model: string;
	/** For messages: "Transcribe", "Redact PII/PHI", … */
	operation: string;
	fields: FormFields;
	responseType?: 'json' | 'buffer';
	extensions?: string[];
}

export async function readBatchAudio(
	this: IExecuteFunctions,
	itemIndex: number,
	call: Pick<BatchCall, 'operation' | 'extensions'>,
): Promise<AudioInput> {
	const property = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	return await resolveAudio.call(this, itemIndex, property, {
		extensions: call.extensions ?? BATCH_EXTENSIONS,
		maxBytes: BATCH_MAX_BYTES,
		operation: call.operation,
	});
}

export async function postBatch<T>(
	this: IExecuteFunctions,
	itemIndex: number,
	audio: AudioInput,
	call: BatchCall,
): Promise<ModulateResponse<T>> {
	const supported = listExtensions(call.extensions ?? BATCH_EXTENSIONS);
	const response = await modulateRequest.call(
		this,
		itemIndex,
		{
			credentialType: 'modulateApi',
			method: 'POST',
			path: `/api/${call.model}`,
			body: async () => await buildAudioMultipart(audio, call.fields),
			responseType: call.responseType ?? 'json',
			operation: `${call.operation} (${call.model})`,
			failureContext: { surface: 'models', target: call.model },
			hints: {
				unsupportedFormat: `Sent "${audio.fileName}" (${audio.mimeType}); supported: ${supported}`,
			},
		},
		readTransportSettings(this, itemIndex),
	);
	return response as ModulateResponse<T>;
}

/** The usual batch call: the item's audio to one model, its JSON answer back. */
export async function callBatchModel(this: IExecuteFunctions, itemIndex: number, call: BatchCall): Promise<IDataObject> {
	const audio = await readBatchAudio.call(this, itemIndex, call);
	const response = await postBatch.call(this, itemIndex, audio, call);
	return response.body as IDataObject;
}
