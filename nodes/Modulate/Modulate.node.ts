import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import * as deepfake from './actions/deepfake';
import * as redaction from './actions/redaction';
import { router } from './actions/router';
import * as transcription from './actions/transcription';

export class Modulate implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Modulate',
		name: 'modulate',
		icon: { light: 'file:modulate.svg', dark: 'file:modulate.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Transcribe calls, redact personal and health data, and detect synthetic voices with Modulate Velma-2',
		defaults: { name: 'Modulate' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'modulateApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Deepfake', value: 'deepfake' },
					{ name: 'Redaction', value: 'redaction' },
					{ name: 'Transcription', value: 'transcription' },
				],
				default: 'transcription',
			},
			...transcription.description,
			...deepfake.description,
			...redaction.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
