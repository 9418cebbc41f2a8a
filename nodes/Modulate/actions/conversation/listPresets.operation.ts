import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { forOperation, optionsCollection } from '../../../shared/fields';
import { requestOptionFields, transportSettingsFrom } from '../../../shared/requestOptions';
import type { ItemCredentials } from '../../../shared/transport/credentials';
import { modulateRequest } from '../../../shared/transport/request';
import { answerReaderFor } from '../../transport/answers';
import { PRESETS_MODEL, PRESETS_PATH, presetsOf } from './presets';

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
	const response = await modulateRequest.call(
		this,
		itemIndex,
		credentials,
		{
			method: 'GET',
			path: PRESETS_PATH,
			responseType: 'json',
			operation: `List Presets (${PRESETS_MODEL})`,
			failureContext: { surface: 'models', target: PRESETS_MODEL },
			answer: answerReaderFor('velma-2-batch/list-presets'),
		},
		transportSettingsFrom(options),
	);
	return presetsOf(response.body);
}
