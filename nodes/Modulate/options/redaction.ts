/**
 * What the two redaction operations (batch and streaming) share: their options, the padding check, and
 * the output binary (the redacted MP3, with the unredacted input dropped unless asked for).
 */
import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { inputError } from '../../shared/transport/errors';
import { languageField, speakerDiarizationField } from './transcription';

/** Every redaction option, in n8n's display order. */
export const redactionOptionFields: INodeProperties[] = [
	{
		displayName: 'End Redaction Padding (Ms)',
		name: 'endRedactionPaddingMs',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Extra silence after each redacted range',
	},
	{
		displayName: 'Keep Original Audio',
		name: 'keepOriginalAudio',
		type: 'boolean',
		default: false,
		description:
			'Whether to pass the unredacted input audio on as well. Needs an Output Binary Field other than the Input Binary Field. Off by default, so personal data does not travel further down the workflow.',
	},
	languageField,
	{
		displayName: 'Output Binary Field',
		name: 'outputBinaryPropertyName',
		type: 'string',
		default: 'data',
		description:
			'Binary field to put the redacted MP3 in. The default replaces the input audio, ready for an upload node; to keep the original too (Keep Original Audio), use another name such as "redacted".',
	},
	speakerDiarizationField,
	{
		displayName: 'Start Redaction Padding (Ms)',
		name: 'startRedactionPaddingMs',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 100,
		description: 'Extra silence before each redacted range',
	},
];

export interface RedactionPadding {
	startMs: number;
	endMs: number;
}

function nonNegativeInteger(ctx: IExecuteFunctions, itemIndex: number, name: string, value: unknown, fallback: number): number {
	const number = value === undefined || value === '' ? fallback : Number(value);
	if (!Number.isInteger(number) || number < 0) {
		throw inputError(ctx.getNode(), itemIndex, `Options → ${name} must be a whole number of milliseconds, 0 or more (got ${String(value)})`);
	}
	return number;
}

/** The two padding options, checked, with the spec's defaults (100 ms before, 0 after). */
export function paddingFrom(ctx: IExecuteFunctions, itemIndex: number, options: IDataObject): RedactionPadding {
	return {
		startMs: nonNegativeInteger(ctx, itemIndex, 'Start Redaction Padding (Ms)', options.startRedactionPaddingMs, 100),
		endMs: nonNegativeInteger(ctx, itemIndex, 'End Redaction Padding (Ms)', options.endRedactionPaddingMs, 0),
	};
}

export interface RedactedOutput {
	/** The binary property the audio was read from; undefined when it came from a URL. */
	inputProperty?: string;
	outputProperty: string;
	keepOriginalAudio: boolean;
}

/**
 * The output binary settings, checked: keeping the original under the name the redacted MP3 goes to would
 * lose one of them, so that combination fails before anything is sent.
 */
export function redactedOutputFrom(
	ctx: IExecuteFunctions,
	itemIndex: number,
	inputProperty: string | undefined,
	options: IDataObject,
): RedactedOutput {
	const output = {
		inputProperty,
		outputProperty: String(options.outputBinaryPropertyName || 'data').trim() || 'data',
		keepOriginalAudio: Boolean(options.keepOriginalAudio),
	};
	if (output.keepOriginalAudio && output.outputProperty === output.inputProperty) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			`Options → Keep Original Audio is on, but Options → Output Binary Field is "${output.outputProperty}", the field the original audio is read from, so the redacted MP3 would replace it`,
			`Set Output Binary Field to another name (e.g. "redacted") to keep both, or turn Keep Original Audio off. Nothing was sent to Modulate.`,
		);
	}
	return output;
}

/** The item's binaries with the redacted MP3 added as `<stem>-redacted.mp3` and the original dropped. */
export async function redactedBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	output: RedactedOutput,
	sourceFileName: string,
	mp3: Buffer,
): Promise<IBinaryKeyData> {
	const stem = sourceFileName.replace(/\.[^.]+$/, '');
	const binary: IBinaryKeyData = {};
	const inputBinary = ctx.getInputData()[itemIndex].binary ?? {};
	for (const [name, data] of Object.entries(inputBinary)) {
		if (name !== output.inputProperty || output.keepOriginalAudio) binary[name] = data;
	}
	binary[output.outputProperty] = await ctx.helpers.prepareBinaryData(mp3, `${stem}-redacted.mp3`, 'audio/mpeg');
	return binary;
}
