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
