/**
 * Field builders both nodes use. They carry no displayOptions: each operation file scopes its own
 * fields once, with n8n's `updateDisplayOptions`.
 */
import type { INodeProperties } from 'n8n-workflow';

/** The "Input Binary Field" parameter every audio operation starts with. */
export const binaryPropertyField: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the input binary field containing the audio file',
};

/** "Input": where the audio comes from. Its value and the two fields below make an AudioSource (audioSource.ts). */
export const audioInputField: INodeProperties = {
	displayName: 'Input',
	name: 'audioInput',
	type: 'options',
	options: [
		{ name: 'Binary File', value: 'binary', description: 'The recording in a binary field of the input item' },
		{ name: 'URL', value: 'url', description: 'A link to the recording, downloaded as it is sent' },
	],
	default: 'binary',
};

/** "Audio URL": shown when Input is URL. */
export const audioUrlField: INodeProperties = {
	displayName: 'Audio URL',
	name: 'audioUrl',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. https://example.com/recordings/call-123.wav',
	description:
		'An http or https link that downloads the recording itself, e.g. a telephony recording URL or a presigned storage URL. Redirects are followed; the query string is never shown in errors or logs.',
	displayOptions: { show: { audioInput: ['url'] } },
};

/** Input (Binary File / URL) with its two fields, for every operation that takes one recording. */
export const audioSourceFields: INodeProperties[] = [
	audioInputField,
	{ ...binaryPropertyField, displayOptions: { show: { audioInput: ['binary'] } } },
	audioUrlField,
];

/** The "Options" collection of one operation. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

/** What `updateDisplayOptions` needs to show an operation's fields for that operation only. */
export function forOperation(resource: string, operation: string) {
	return { show: { resource: [resource], operation: [operation] } };
}
