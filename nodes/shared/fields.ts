import type { INodeProperties } from 'n8n-workflow';

/** The "Input Binary Field" parameter every audio operation starts with. */
export function binaryPropertyField(resource: string, operation: string): INodeProperties {
	return {
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the audio file',
		displayOptions: { show: { resource: [resource], operation: [operation] } },
	};
}

export function showFor(resource: string, operation: string) {
	return { show: { resource: [resource], operation: [operation] } };
}

/** The "Options" collection of one operation. */
export function optionsCollection(resource: string, operation: string, options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor(resource, operation),
		options,
	};
}
