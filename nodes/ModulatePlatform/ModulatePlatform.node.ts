import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import * as job from './actions/job';
import { router } from './actions/router';
import { staticHints } from './hints';
import { maxConcurrencyFrom } from '../shared/requestOptions';
import { firstItemOptions } from './actions/parameters';

export class ModulatePlatform implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Modulate Platform',
		name: 'modulatePlatform',
		icon: { light: 'file:modulate.svg', dark: 'file:modulate.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Submit recordings to the Modulate Platform as jobs (transcript plus emotion, demographics, deepfake and behavioral analysis) and wait for their results',
		defaults: { name: 'Modulate Platform' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'modulatePlatformApi', required: true }],
		hints: staticHints,
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Job', value: 'job' }],
				default: 'job',
			},
			...job.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// an invalid first item's options fail that item later, with a message; here they mean one lane
		const firstOptions = this.getInputData().length ? firstItemOptions(this) : undefined;
		return await router.call(this, {
			resource: this.getNodeParameter('resource', 0) as string,
			operation: this.getNodeParameter('operation', 0) as string,
			maxConcurrency: maxConcurrencyFrom(firstOptions),
		});
	}
}
