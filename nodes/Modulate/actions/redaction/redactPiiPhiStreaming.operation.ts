import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { binaryPropertyField, optionsCollection } from '../../../shared/fields';
import { requestOptionFields } from '../../../shared/requestOptions';
import { STREAMING_CONTAINERS } from '../../streaming/audioPlan';
import { sortedOptions, streamingOptionFields, streamingSettingsFrom } from '../../streaming/fields';
import { streamItem } from '../../streaming/run';
import type { StreamCollector } from '../../streaming/session';
import { inputError } from '../../../shared/transport/errors';
import { validateLanguage } from '../../options/transcription';
import * as redactPiiPhi from './redactPiiPhi.operation';
import { redactionSummary } from './redactionSummary';
import type { ItemCredentials } from '../../../shared/transport/credentials';

const MODEL = 'velma-2-pii-phi-redaction-streaming';
const OPERATION = 'Redact PII/PHI (Streaming)';

/** The batch Redact PII/PHI options (padding, diarization, language, output field), reused as they are. */
const requestOptionNames = new Set(requestOptionFields.map((f) => f.name));
const batchFields = (
	(redactPiiPhi.description.find((p) => p.name === 'options')?.options ?? []) as INodeProperties[]
).filter((f) => !requestOptionNames.has(f.name));

export const description: INodeProperties[] = [
	binaryPropertyField('redaction', 'redactPiiPhiStreaming'),
	optionsCollection('redaction', 'redactPiiPhiStreaming', sortedOptions([...batchFields, ...streamingOptionFields])),
];

interface ClipInfo {
	start_ms: number;
	duration_ms: number;
}

/**
 * Utterances and their MP3 clips. An utterance whose `redacted_audio` is set announces the next binary
 * frame; `done` may announce a trailing clip. The clips cover the stream back to back, so joined in
 * arrival order they are the whole redacted recording.
 */
class RedactionCollector implements StreamCollector {
	utterances: IDataObject[] = [];
	clips: Buffer[] = [];
	clipInfo: ClipInfo[] = [];
	expected: ClipInfo[] = [];
	unannounced = 0;
	durationMs = 0;
	done = false;

	onMessage(message: IDataObject): void {
		if (message.type === 'utterance') {
			if (message.utterance && typeof message.utterance === 'object') this.utterances.push(message.utterance as IDataObject);
			if (message.redacted_audio && typeof message.redacted_audio === 'object') this.expected.push(message.redacted_audio as unknown as ClipInfo);
		} else if (message.type === 'done') {
			this.durationMs = Number(message.duration_ms ?? 0);
			const trailing = message.trailing_redacted_audio;
			if (trailing && typeof trailing === 'object') this.expected.push(trailing as unknown as ClipInfo);
			this.done = true;
		}
	}

	onBinary(data: Buffer): void {
		const info = this.expected.shift();
		if (!info) this.unannounced++;
		this.clips.push(data);
		this.clipInfo.push(info ?? { start_ms: -1, duration_ms: 0 });
	}

	isComplete(): boolean {
		return this.done && this.expected.length === 0;
	}
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<INodeExecutionData> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const inputProperty = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const outputProperty = String(options.outputBinaryPropertyName || 'data');
	const language = validateLanguage.call(this, itemIndex, String(options.language ?? ''));
	const padding = (name: string, value: unknown, fallback: number): number => {
		const number = value === undefined || value === '' ? fallback : Number(value);
		if (!Number.isInteger(number) || number < 0) {
			throw inputError(this.getNode(), itemIndex, `Options → ${name} must be a whole number of milliseconds, 0 or more (got ${String(value)})`);
		}
		return number;
	};

	const { collector, audio, events } = await streamItem(
		this,
		itemIndex,
		credentials,
		{ binaryPropertyName: inputProperty, settings: streamingSettingsFrom(options) },
		{
			model: MODEL,
			operation: OPERATION,
			containers: STREAMING_CONTAINERS,
			query: {
				speaker_diarization: (options.speakerDiarization as boolean | undefined) ?? true,
				start_redaction_padding_ms: padding('Start Redaction Padding (Ms)', options.startRedactionPaddingMs, 100),
				end_redaction_padding_ms: padding('End Redaction Padding (Ms)', options.endRedactionPaddingMs, 0),
				language,
			},
			createCollector: () => new RedactionCollector(),
		},
	);

	const utterances = [...collector.utterances].sort((a, b) => Number(a.start_ms ?? 0) - Number(b.start_ms ?? 0));
	const text = utterances
		.map((u) => String(u.text ?? '').trim())
		.filter(Boolean)
		.join(' ');
	const metadata: IDataObject = {
		text,
		duration_ms: collector.durationMs,
		utterances,
		redacted_audio_clips: collector.clipInfo as unknown as IDataObject[],
	};
	const stem = audio.fileName.replace(/\.[^.]+$/, '');
	const binary: IBinaryKeyData = {};
	const inputBinary = this.getInputData()[itemIndex].binary ?? {};
	for (const [name, data] of Object.entries(inputBinary)) {
		if (name !== inputProperty || options.keepOriginalAudio) binary[name] = data;
	}
	const mp3 = Buffer.concat(collector.clips);
	collector.clips = [];
	binary[outputProperty] = await this.helpers.prepareBinaryData(mp3, `${stem}-redacted.mp3`, 'audio/mpeg');
	const json: IDataObject = { ...metadata, ...redactionSummary(metadata) };
	if (events) json.events = events;
	return { json, binary };
}
