import { updateDisplayOptions } from 'n8n-workflow';
import { readAudioSource } from '../../../shared/audioSource';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { audioSourceFields, forOperation, optionsCollection } from '../../../shared/fields';
import { STREAMING_CONTAINERS } from '../../streaming/audioPlan';
import { sortedOptions, streamingOptionFields, streamingSettingsFrom } from '../../streaming/fields';
import { streamItem } from '../../streaming/run';
import type { StreamCollector } from '../../streaming/session';
import { paddingFrom, redactedBinary, redactedOutputFrom, redactionOptionFields } from '../../options/redaction';
import { languageFrom, orderedUtterances } from '../../options/transcription';
import { redactionSummary } from './redactionSummary';
import type { ItemCredentials } from '../../../shared/transport/credentials';

const MODEL = 'velma-2-pii-phi-redaction-streaming';
const OPERATION = 'Redact PII/PHI (Streaming)';

const properties: INodeProperties[] = [
	...audioSourceFields,
	optionsCollection(sortedOptions([...redactionOptionFields, ...streamingOptionFields])),
];

export const description = updateDisplayOptions(forOperation('redaction', 'redactPiiPhiStreaming'), properties);

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
	const source = readAudioSource((name, fallback) => this.getNodeParameter(name, itemIndex, fallback));
	const output = redactedOutputFrom(this, itemIndex, source.kind === 'binary' ? source.propertyName : undefined, options);
	const language = languageFrom(this, itemIndex, options);
	const padding = paddingFrom(this, itemIndex, options);

	const { collector, audio, events } = await streamItem(
		this,
		itemIndex,
		credentials,
		{ source, settings: streamingSettingsFrom(options) },
		{
			model: MODEL,
			operation: OPERATION,
			containers: STREAMING_CONTAINERS,
			query: {
				speaker_diarization: (options.speakerDiarization as boolean | undefined) ?? true,
				start_redaction_padding_ms: padding.startMs,
				end_redaction_padding_ms: padding.endMs,
				language,
			},
			createCollector: () => new RedactionCollector(),
		},
	);

	const { text, utterances } = orderedUtterances(collector.utterances);
	const metadata: IDataObject = {
		text,
		duration_ms: collector.durationMs,
		utterances,
		redacted_audio_clips: collector.clipInfo as unknown as IDataObject[],
	};
	const mp3 = Buffer.concat(collector.clips);
	collector.clips = [];
	const binary = await redactedBinary(this, itemIndex, output, audio.fileName, mp3);
	const json: IDataObject = { ...metadata, ...redactionSummary(metadata) };
	if (events) json.events = events;
	return { json, binary };
}
