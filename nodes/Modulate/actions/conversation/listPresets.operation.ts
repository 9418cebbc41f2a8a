import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { forOperation, optionsCollection } from '../../../shared/fields';
import { requestOptionFields, transportSettingsFrom } from '../../../shared/requestOptions';
import type { ItemCredentials } from '../../../shared/transport/credentials';
import { modulateRequest } from '../../../shared/transport/request';
import { PRESETS_REQUEST, presetsOf } from './presets';

const properties: INodeProperties[] = [
	// One cheap GET per input item: a concurrency setting would only add noise here.
	optionsCollection(requestOptionFields.filter((field) => !['maxConcurrentRequests', 'concurrencyMode'].includes(field.name))),
];

export const description = updateDisplayOptions(forOperation('conversation', 'listPresets'), properties);

/** One output item per preset, so a workflow can loop over them or pick one with a filter. */
export async function list(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
): Promise<IDataObject[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const response = await modulateRequest.call(this, itemIndex, credentials, PRESETS_REQUEST, transportSettingsFrom(options));
	return presetsOf(response.body);
}
