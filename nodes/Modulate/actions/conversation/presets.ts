/**
 * The behavior preset catalog (`GET /api/velma-2-batch/list-presets`): read by the List Presets operation
 * and by the preset picker of Analyze Conversation, which runs outside an execution (no retries there:
 * the editor shows the error and the user can reopen the list).
 */
import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import type { ItemCredentials } from '../../../shared/transport/credentials';
import { inputError } from '../../../shared/transport/errors';
import { sendRequest } from '../../../shared/transport/request';
import type { ModulateRequest, TransportSettings } from '../../../shared/transport/request';
import { classifyHttpFailure, classifyInvalidAnswer } from '../../../shared/transport/classify';
import { ANSWER_SHAPES, answerProblem, answerReaderFor } from '../../transport/answers';
import { toNodeError } from '../../../shared/transport/errors';
import { baseUrlOf } from '../../../shared/transport/credentials';
import { secretsOf } from '../../../shared/transport/secrets';

export const PRESETS_MODEL = 'velma-2-batch';
export const PRESETS_PATH = '/api/velma-2-batch/list-presets';

/** The catalog request, as List Presets and the catalog check both send it. */
export const PRESETS_REQUEST: ModulateRequest = {
	method: 'GET',
	path: PRESETS_PATH,
	responseType: 'json',
	operation: `List Presets (${PRESETS_MODEL})`,
	failureContext: { surface: 'models', target: PRESETS_MODEL },
	answer: answerReaderFor('velma-2-batch/list-presets'),
};

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
	const problem = answerProblem(response.body, ANSWER_SHAPES['velma-2-batch/list-presets']);
	if (problem) {
		const failure = classifyInvalidAnswer(problem, { surface: 'models', target: PRESETS_MODEL });
		throw toNodeError(this.getNode(), { ...failure, operation: 'Load behavior presets' }, 0, secretsOf(credentials));
	}
	return presetsOf(response.body)
		.map((p) => ({ name: p.name || p.identifier, value: p.identifier, description: p.short_description }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The catalog, fetched once per execution and credential; undefined when it cannot be read. */
const catalogs = new WeakMap<object, Map<string, Promise<BehaviorPreset[] | undefined>>>();

export async function presetList(
	ctx: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
	settings: TransportSettings,
): Promise<BehaviorPreset[] | undefined> {
	let perCredential = catalogs.get(ctx);
	if (!perCredential) catalogs.set(ctx, (perCredential = new Map()));
	const key = `${credentials.baseUrl}\n${credentials.apiKey}`;
	let catalog = perCredential.get(key);
	if (!catalog) {
		catalog = (async () => {
			const outcome = await sendRequest.call(ctx, itemIndex, credentials, PRESETS_REQUEST, settings);
			return outcome.ok ? presetsOf(outcome.value.body) : undefined;
		})();
		perCredential.set(key, catalog);
	}
	return await catalog;
}

/** The catalog's identifiers; undefined when it cannot be read. */
export async function presetCatalog(
	ctx: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
	settings: TransportSettings,
): Promise<string[] | undefined> {
	return (await presetList(ctx, itemIndex, credentials, settings))?.map((p) => String(p.identifier));
}

/**
 * Fails before sending when a preset the item names is not in the live catalog. When the catalog cannot be
 * read (no access, a network problem), nothing is decided here: Modulate's own answer will say.
 */
export async function checkPresets(
	ctx: IExecuteFunctions,
	itemIndex: number,
	credentials: ItemCredentials,
	settings: TransportSettings,
	references: Array<{ reference: string; field: string }>,
): Promise<void> {
	if (!references.length) return;
	const catalog = await presetCatalog(ctx, itemIndex, credentials, settings);
	if (!catalog) return;
	const unknown = references.filter(({ reference }) => !catalog.includes(reference.replace(/^preset:/, '')));
	if (!unknown.length) return;
	const names = unknown.map(({ reference }) => `"${reference.replace(/^preset:/, '')}"`).join(', ');
	throw inputError(
		ctx.getNode(),
		itemIndex,
		`unknown behavior preset${unknown.length > 1 ? 's' : ''} ${names} in ${[...new Set(unknown.map((u) => u.field))].join(' and ')}`,
		`Valid preset identifiers for this key: ${catalog.join(', ') || '(none)'}. The List Presets operation (Conversation Analysis) lists them with descriptions; nothing was sent for this item.`,
	);
}
