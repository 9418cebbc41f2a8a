/**
 * One call to the batch redaction model with plain values, shared by Redact PII/PHI and Analyze Call: the
 * multipart answer comes back as its metadata and the redacted MP3.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import type { AudioInput } from '../../../shared/binary';
import { classifyInvalidAnswer } from '../../../shared/transport/classify';
import type { ItemCredentials } from '../../../shared/transport/credentials';
import { toNodeError } from '../../../shared/transport/errors';
import type { TransportSettings } from '../../../shared/transport/request';
import type { RedactionPadding } from '../../options/redaction';
import { parseRedactionAnswer, redactionAnswerReader } from '../../transport/answers';
import type { RedactionAnswer } from '../../transport/answers';
import { postBatch } from '../../transport/batch';

export const REDACTION_MODEL = 'velma-2-pii-phi-redaction-batch';

export interface RedactionRequest {
	audio: AudioInput;
	settings: TransportSettings;
	speakerDiarization: boolean;
	padding: RedactionPadding;
	language: string | undefined;
	/** For messages: the operation the call is made for. */
	operation: string;
}

export async function redactBatch(
	ctx: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
	request: RedactionRequest,
): Promise<RedactionAnswer> {
	const response = await postBatch(ctx, itemIndex, credentials, {
		audio: request.audio,
		settings: request.settings,
		fields: {
			speaker_diarization: request.speakerDiarization,
			start_redaction_padding_ms: request.padding.startMs,
			end_redaction_padding_ms: request.padding.endMs,
			language: request.language,
		},
	}, { model: REDACTION_MODEL, operation: request.operation, responseType: 'buffer', answer: redactionAnswerReader });

	// The reader has checked the answer, so this parse succeeds.
	const read = parseRedactionAnswer(response.body, String(response.headers['content-type'] ?? ''));
	if ('problem' in read) {
		const failure = classifyInvalidAnswer(read.problem, { surface: 'models', target: REDACTION_MODEL });
		throw toNodeError(ctx.getNode(), { ...failure, operation: `${request.operation} (${REDACTION_MODEL})` }, itemIndex, credentials.secrets);
	}
	return read;
}
