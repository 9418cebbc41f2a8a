/**
 * The *Transcript Format* option every transcript-returning operation shares (Transcribe, Redact PII/PHI,
 * their streaming variants, Analyze Call): the fields, the plain settings read from them, and the output
 * they produce, a `transcript` text and, for subtitles on request, a binary file for an upload node.
 */
import type { IBinaryData, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { formatTranscript, SUBTITLE_FILES, utterancesFrom } from './transcriptFormat';
import type { TranscriptFormat } from './transcriptFormat';

export const DEFAULT_SUBTITLE_PROPERTY = 'subtitles';

/** Options-collection fields; an operation adds them to its Options. */
export const transcriptFormatOptionFields: INodeProperties[] = [
	{
		displayName: 'Transcript Format',
		name: 'transcriptFormat',
		type: 'options',
		options: [
			{ name: 'Plain Text', value: 'text', description: 'The words only, one paragraph' },
			{ name: 'Speaker-Labelled Text', value: 'speakerText', description: 'One line per utterance: "Speaker 1: …"' },
			{ name: 'SRT Subtitles', value: 'srt', description: 'SubRip cues timed from the utterances' },
			{ name: 'WebVTT Subtitles', value: 'vtt', description: 'WebVTT cues timed from the utterances' },
		],
		default: 'speakerText',
		description: 'How the `transcript` field of the output is written',
	},
	{
		displayName: 'Write Subtitles as File',
		name: 'subtitleFile',
		type: 'boolean',
		default: false,
		displayOptions: { show: { transcriptFormat: ['srt', 'vtt'] } },
		description: 'Whether to also output the subtitles as a binary file (.srt or .vtt), ready for an upload node',
	},
	{
		displayName: 'Subtitle Binary Field',
		name: 'subtitleBinaryProperty',
		type: 'string',
		default: DEFAULT_SUBTITLE_PROPERTY,
		displayOptions: { show: { transcriptFormat: ['srt', 'vtt'], subtitleFile: [true] } },
		description: 'The output binary field that holds the subtitle file',
	},
];

export interface TranscriptOutputSettings {
	format: TranscriptFormat;
	/** Set when subtitles should also be written as a binary file, to this property. */
	subtitleProperty?: string;
}

const FORMATS: TranscriptFormat[] = ['text', 'speakerText', 'srt', 'vtt'];

/** Plain settings from an operation's Options (read once by the operation). */
export function transcriptOutputFrom(options: IDataObject): TranscriptOutputSettings {
	const format = FORMATS.includes(options.transcriptFormat as TranscriptFormat)
		? (options.transcriptFormat as TranscriptFormat)
		: 'speakerText';
	const wantsFile = (format === 'srt' || format === 'vtt') && options.subtitleFile === true;
	const property = String(options.subtitleBinaryProperty ?? '').trim() || DEFAULT_SUBTITLE_PROPERTY;
	return { format, subtitleProperty: wantsFile ? property : undefined };
}

/** What a transcript is made from: an answer's `utterances`, else its `text` over `duration_ms`. */
export interface TranscriptSource {
	utterances?: unknown;
	text?: unknown;
	durationMs?: unknown;
}

export interface TranscriptOutput {
	transcript: string;
	/** The subtitle file, keyed by its binary property, when one was asked for. */
	binary?: Record<string, IBinaryData>;
}

/** The formatted transcript, and the subtitle file when the settings ask for one; `baseName` names the file. */
export async function buildTranscriptOutput(
	ctx: IExecuteFunctions,
	settings: TranscriptOutputSettings,
	source: TranscriptSource,
	baseName: string,
): Promise<TranscriptOutput> {
	const transcript = formatTranscript(
		settings.format,
		utterancesFrom(source.utterances),
		typeof source.text === 'string' ? source.text : '',
		typeof source.durationMs === 'number' ? source.durationMs : 0,
	);
	if (!settings.subtitleProperty || (settings.format !== 'srt' && settings.format !== 'vtt')) return { transcript };
	const file = SUBTITLE_FILES[settings.format];
	const stem = baseName.replace(/\.[^./\\]*$/, '') || 'transcript';
	const data = await ctx.helpers.prepareBinaryData(Buffer.from(transcript, 'utf8'), `${stem}.${file.extension}`, file.mimeType);
	return { transcript, binary: { [settings.subtitleProperty]: data } };
}
