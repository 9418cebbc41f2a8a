/**
 * Emotion and accent detection share one spec shape: the same two form fields, and a whole-file label
 * with a windowed time series. One builder keeps the two operations identical apart from their names.
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { audioSourceFields, forOperation, optionsCollection } from '../../../shared/fields';
import { requestOptionFields, transportSettingsFrom } from '../../../shared/requestOptions';
import type { AudioSource } from '../../../shared/audioSource';
import { callBatchModel } from '../../transport/batch';
import type { ItemCredentials } from '../../../shared/transport/credentials';

export interface LabelModel {
	operation: string;
	model: string;
	/** Shown in messages, e.g. "Detect Emotion". */
	title: string;
}

export function labelDescription({ operation }: LabelModel): INodeProperties[] {
	return updateDisplayOptions(forOperation('analysis', operation), [
		...audioSourceFields,
		optionsCollection([
			{
				displayName: 'Training Permitted',
				name: 'trainingPermitted',
				type: 'boolean',
				default: true,
				description: "Whether Modulate may use this request's audio to improve its models",
			},
			{
				displayName: 'Use Ensemble',
				name: 'useEnsemble',
				type: 'boolean',
				default: false,
				description: 'Whether to run a more thorough analysis; it may change the labels and takes longer',
			},
			...requestOptionFields,
		]),
	]);
}

/** The twin operations' parameters, read by each operation file. */
export interface LabelParameters {
	source: AudioSource;
	options: IDataObject;
}

export async function executeLabel(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
	{ source, options }: LabelParameters,
	call: LabelModel,
): Promise<INodeExecutionData> {
	const body = await callBatchModel(this, itemIndex, credentials, {
		source,
		settings: transportSettingsFrom(options),
		fields: {
			// Sent explicitly, so what the user chose (including the spec's default) is on the wire.
			training_permitted: (options.trainingPermitted as boolean | undefined) ?? true,
			use_ensemble: (options.useEnsemble as boolean | undefined) ?? false,
		},
	}, { model: call.model, operation: call.title });
	return { json: body };
}
