/**
 * The Platform operations' parameters as the node reads them, checked first: a value of the wrong type
 * (often from an expression) or out of range fails the item before anything is sent, naming the field and
 * what arrived, instead of being sent as `[object Object]` or silently ignored.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { readAudioSource } from '../../shared/audioSource';
import type { AudioSource } from '../../shared/audioSource';
import { transportSettingsFrom } from '../../shared/requestOptions';
import { badJobId, badParameter } from '../failures';
import { featureOptionFields, retryLostAnswersField } from '../fields';
import { isPlainJobId } from '../platformApi';
import { pollSettingsFrom } from '../polling/fields';
import type { PollSettings } from '../polling/schedule';
import type { SubmissionSettings } from '../transport';

/** The "Job ID": text or a whole number, trimmed, a plain token (platformApi.ts). */
export function jobIdParameter(ctx: IExecuteFunctions, itemIndex: number, purpose: 'check' | 'wait for'): string {
	const raw = ctx.getNodeParameter('jobId', itemIndex, '') as unknown;
	let id: string | undefined;
	if (typeof raw === 'string') id = raw.trim();
	else if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) id = String(raw);
	if (!id || !isPlainJobId(id)) throw badJobId(ctx.getNode(), itemIndex, raw, purpose);
	return id;
}

/** "Input Binary Field": the name of a binary property, so text. */
export function binaryPropertyParameter(ctx: IExecuteFunctions, itemIndex: number): string {
	const raw = ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data') as unknown;
	if (typeof raw !== 'string' || raw.trim() === '') {
		throw badParameter(ctx.getNode(), itemIndex, 'Input Binary Field', 'the name of a binary field, e.g. data', raw);
	}
	return raw.trim();
}

/** "Input": the binary field (checked as above) or the Audio URL (checked when it is downloaded). */
export function audioSourceParameter(ctx: IExecuteFunctions, itemIndex: number): AudioSource {
	const source = readAudioSource((name, fallback) => ctx.getNodeParameter(name, itemIndex, fallback));
	return source.kind === 'binary' ? { kind: 'binary', propertyName: binaryPropertyParameter(ctx, itemIndex) } : source;
}

/** true / false, or the text "true" / "false" (an expression reading a CSV or a form gives text). */
function asBoolean(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
	return undefined;
}

export function booleanParameter(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number, fallback: boolean): boolean {
	const raw = ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
	const value = asBoolean(raw);
	if (value === undefined) throw badParameter(ctx.getNode(), itemIndex, label, 'true or false', raw);
	return value;
}

/** The boolean options of the submitting operations, by name, with their labels. */
const SWITCHES = Object.fromEntries([...featureOptionFields, retryLostAnswersField].map((f) => [f.name, f.displayName]));

const REQUEST_NUMBER_OPTIONS: Array<{ name: string; label: string; min: number; integer: boolean }> = [
	{ name: 'maxConcurrentRequests', label: 'Max Concurrent Requests', min: 1, integer: true },
	{ name: 'maxRetries', label: 'Max Retries', min: 0, integer: true },
	{ name: 'retryInitialDelayMs', label: 'Retry Initial Delay (Ms)', min: 0, integer: false },
	{ name: 'timeoutSeconds', label: 'Timeout (Seconds)', min: 1, integer: false },
];

function numberOption(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
	spec: { name: string; label: string; min: number; integer: boolean; minExclusive?: boolean },
): void {
	const raw = options[spec.name];
	if (raw === undefined) return;
	const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
	const inRange = spec.minExclusive ? value > spec.min : value >= spec.min;
	if (!Number.isFinite(value) || !inRange || (spec.integer && !Number.isInteger(value))) {
		const expected = `${spec.integer ? 'a whole number' : 'a number'} ${spec.minExclusive ? 'above' : 'of at least'} ${spec.min}`;
		throw badParameter(ctx.getNode(), itemIndex, spec.label, expected, raw);
	}
	options[spec.name] = value;
}

/** The Options collection, checked: the request options' numbers, and (submitting operations) the switches. */
export function optionsParameter(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const raw = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const options = { ...raw };
	for (const spec of REQUEST_NUMBER_OPTIONS) numberOption(ctx, itemIndex, options, spec);
	for (const [name, label] of Object.entries(SWITCHES)) {
		if (options[name] === undefined) continue;
		const value = asBoolean(options[name]);
		if (value === undefined) throw badParameter(ctx.getNode(), itemIndex, label, 'true or false', options[name]);
		options[name] = value;
	}
	return options;
}

/** A submitting operation's transport settings, the lost-answer policy included. */
export function submissionSettings(options: IDataObject): SubmissionSettings {
	return { ...transportSettingsFrom(options), retryLostAnswers: options.retryLostAnswers === true };
}

/** The Polling collection, checked, as poll settings. */
export function pollingParameter(ctx: IExecuteFunctions, itemIndex: number): { raw: IDataObject; settings: PollSettings } {
	const raw = { ...(ctx.getNodeParameter('pollingOptions', itemIndex, {}) as IDataObject) };
	const specs = [
		{ name: 'pollIntervalSeconds', label: 'Poll Interval (Seconds)', min: 0, integer: false, minExclusive: true },
		{ name: 'backoffFactor', label: 'Backoff Factor', min: 1, integer: false },
		{ name: 'maxPollIntervalSeconds', label: 'Max Poll Interval (Seconds)', min: 0, integer: false, minExclusive: true },
		{ name: 'waitTimeoutSeconds', label: 'Wait Timeout (Seconds)', min: 0, integer: false },
		{ name: 'maxConcurrentStatusChecks', label: 'Max Concurrent Status Checks', min: 1, integer: true },
	];
	for (const spec of specs) numberOption(ctx, itemIndex, raw, spec);
	return { raw, settings: pollSettingsFrom(raw) };
}

/** The first item's Polling options for the execution-wide settings; unchecked values fall back to defaults. */
export function firstItemPolling(ctx: IExecuteFunctions): IDataObject {
	try {
		return pollingParameter(ctx, 0).raw;
	} catch {
		return {};
	}
}

/** The first item's Options for the execution-wide concurrency; invalid ones mean one lane (the item fails later). */
export function firstItemOptions(ctx: IExecuteFunctions): IDataObject {
	try {
		return optionsParameter(ctx, 0);
	} catch {
		return { maxConcurrentRequests: 1 };
	}
}
