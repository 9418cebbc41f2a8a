import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { binaryPropertyField, optionsCollection } from '../../../shared/fields';
import { requestOptionFields } from '../../../shared/requestOptions';
import { STREAMING_CONTAINERS } from '../../streaming/audioPlan';
import { sortedOptions, streamingOptionFields, streamingSettingsFrom } from '../../streaming/fields';
import { streamItem } from '../../streaming/run';
import type { StreamCollector } from '../../streaming/session';
import * as transcribe from './transcribe.operation';
import type { ItemCredentials } from '../../../shared/transport/credentials';

/**
 * What the transcription streaming operations keep from Modulate's messages, shaped like their batch
 * twins: finalized utterances (partials are superseded, so only kept in the raw events) and `done`.
 */
export class UtteranceCollector implements StreamCollector {
	utterances: IDataObject[] = [];
	partials = 0;
	durationMs?: number;
	done = false;

	onMessage(message: IDataObject): void {
		if (message.type === 'utterance' && message.utterance && typeof message.utterance === 'object') {
			this.utterances.push(message.utterance as IDataObject);
		} else if (message.type === 'partial_utterance') {
			this.partials++;
		} else if (message.type === 'done') {
			this.durationMs = Number(message.duration_ms ?? 0);
			this.done = true;
		}
	}

	onBinary(): void {
		// transcription sends no binary frames
	}

	isComplete(): boolean {
		return this.done;
	}

	/** Utterances in time order (the server may finish them out of order), and the full text. */
	result(): IDataObject {
		const utterances = [...this.utterances].sort((a, b) => Number(a.start_ms ?? 0) - Number(b.start_ms ?? 0));
		const text = utterances
			.map((u) => String(u.text ?? '').trim())
			.filter(Boolean)
			.join(' ');
		return { text, duration_ms: this.durationMs ?? 0, utterances };
	}
}

const MODEL = 'velma-2-stt-streaming';
const OPERATION = 'Transcribe (Streaming)';

/** The batch Transcribe feature options (diarization, signals, language, custom terms), reused as they are. */
const requestOptionNames = new Set(requestOptionFields.map((f) => f.name));
const batchFeatureFields = (
	(transcribe.description.find((p) => p.name === 'options')?.options ?? []) as INodeProperties[]
).filter((f) => !requestOptionNames.has(f.name));

export const description: INodeProperties[] = [
	binaryPropertyField('transcription', 'transcribeStreaming'),
	optionsCollection('transcription', 'transcribeStreaming', sortedOptions([
		...batchFeatureFields,
		{
			displayName: 'Partial Results',
			name: 'partialResults',
			type: 'boolean',
			default: false,
			description:
				'Whether Modulate also sends in-progress (partial) utterances. They are superseded by the final utterances, so they appear only with "Include Raw Events".',
		},
		...streamingOptionFields,
	])),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<INodeExecutionData> {
	const binaryPropertyName = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const entries = ((options.customTerms as IDataObject | undefined)?.terms as IDataObject[] | undefined) ?? [];
	const customTerms = transcribe.customTermsConfig.call(this, itemIndex, entries);
	const language = transcribe.validateLanguage.call(this, itemIndex, String(options.language ?? ''));
	const configFrame: IDataObject = {
		speaker_diarization: (options.speakerDiarization as boolean | undefined) ?? true,
		emotion_signal: (options.emotionSignal as boolean | undefined) ?? false,
		accent_signal: (options.accentSignal as boolean | undefined) ?? false,
		deepfake_signal: (options.deepfakeSignal as boolean | undefined) ?? false,
		pii_phi_tagging: (options.piiPhiTagging as boolean | undefined) ?? false,
		partial_results: (options.partialResults as boolean | undefined) ?? false,
	};
	if (language) configFrame.language = language;
	if (customTerms.length) configFrame.custom_terms = customTerms;

	const { collector, events } = await streamItem(
		this,
		itemIndex,
		credentials,
		{ binaryPropertyName, settings: streamingSettingsFrom(options) },
		{
			model: MODEL,
			operation: OPERATION,
			containers: STREAMING_CONTAINERS,
			configFrame,
			createCollector: () => new UtteranceCollector(),
		},
	);
	return { json: { ...collector.result(), ...(events ? { events } : {}) } };
}
