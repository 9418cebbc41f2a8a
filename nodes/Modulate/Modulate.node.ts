import { NodeConnectionTypes } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import * as analysis from './actions/analysis';
import * as call from './actions/call';
import * as conversation from './actions/conversation';
import { getBehaviorPresets } from './actions/conversation/presets';
import * as deepfake from './actions/deepfake';
import * as redaction from './actions/redaction';
import { router } from './actions/router';
import { staticHints } from './hints';
import { maxConcurrencyFrom } from '../shared/requestOptions';
import { isStreamingOperation } from './streaming/fields';
import * as transcription from './actions/transcription';

export class Modulate implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Modulate',
		name: 'modulate',
		icon: { light: 'file:modulate.svg', dark: 'file:modulate.dark.svg' },
		group: ['transform'],
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Transcribe calls, redact personal and health data, and detect synthetic voices with Modulate Velma-2',
		defaults: { name: 'Modulate' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'modulateApi', required: true }],
		hints: staticHints,
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Call', value: 'call' },
					{ name: 'Conversation Analysis', value: 'conversation' },
					{ name: 'Deepfake', value: 'deepfake' },
					{ name: 'Redaction', value: 'redaction' },
					{ name: 'Transcription', value: 'transcription' },
					{ name: 'Voice Analysis', value: 'analysis' },
				],
				default: 'transcription',
			},
			...transcription.description,
			...deepfake.description,
			...redaction.description,
			...analysis.description,
			...conversation.description,
			...call.description,
		],
	};

	methods = { loadOptions: { getBehaviorPresets } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const firstOptions = this.getInputData().length ? (this.getNodeParameter('options', 0, {}) as IDataObject) : undefined;
		const operation = this.getNodeParameter('operation', 0) as string;
		return await router.call(this, {
			resource: this.getNodeParameter('resource', 0) as string,
			operation,
			maxConcurrency: maxConcurrencyFrom(firstOptions, !isStreamingOperation(operation)),
			simplify: (itemIndex) => this.getNodeParameter('simplify', itemIndex, false) as boolean,
		});
	}
}
