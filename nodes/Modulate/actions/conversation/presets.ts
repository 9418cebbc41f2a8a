/**
 * The behavior preset catalog (`GET /api/velma-2-batch/list-presets`): read by the List Presets operation
 * and by the preset picker of Analyze Conversation, which runs outside an execution (no retries there:
 * the editor shows the error and the user can reopen the list).
 */
import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { classifyHttpFailure } from '../../../shared/transport/classify';
import { toNodeError } from '../../../shared/transport/errors';
import { baseUrlOf } from '../../../shared/transport/credentials';
import { secretsOf } from '../../../shared/transport/secrets';

export const PRESETS_MODEL = 'velma-2-batch';
export const PRESETS_PATH = '/api/velma-2-batch/list-presets';

export interface BehaviorPreset extends IDataObject {
	identifier: string;
	name: string;
	short_description: string;
	detailed_description: string;
}

export function presetsOf(body: unknown): BehaviorPreset[] {
	const presets = (body as IDataObject | undefined)?.presets;
	return Array.isArray(presets) ? (presets as BehaviorPreset[]) : [];
}

/** `complaints` and `preset:complaints` name the same preset; the config wants the second form. */
export function presetReference(id: string): string {
	const trimmed = id.trim().replace(/^preset:/, '').trim();
	return trimmed ? `preset:${trimmed}` : '';
}

export async function getBehaviorPresets(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const credentials = await this.getCredentials('modulateApi');
	const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'modulateApi', {
		method: 'GET',
		url: `${baseUrlOf(credentials)}${PRESETS_PATH}`,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	})) as { statusCode: number; headers?: IDataObject; body: unknown };
	if (response.statusCode < 200 || response.statusCode >= 300) {
		const failure = classifyHttpFailure(
			response.statusCode,
			response.body,
			{ surface: 'models', target: PRESETS_MODEL },
			response.headers?.['retry-after'] as string | undefined,
		);
		throw toNodeError(this.getNode(), { ...failure, operation: 'Load behavior presets' }, 0, secretsOf(credentials));
	}
	return presetsOf(response.body)
		.map((p) => ({ name: p.name || p.identifier, value: p.identifier, description: p.short_description }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
