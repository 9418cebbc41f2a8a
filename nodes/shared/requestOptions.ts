/**
 * The options every operation offers for how requests are made: concurrency, timeout and retries.
 * Defined once so that every operation's "Options" list ends with the same fields and the same defaults.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { DEFAULT_RETRY_POLICY } from './transport/backoff';
import type { TransportSettings } from './transport/request';

export const DEFAULT_MAX_CONCURRENT_REQUESTS = 2;
export const DEFAULT_TIMEOUT_SECONDS = 600;

export const requestOptionFields: INodeProperties[] = [
	{
		displayName: 'Max Concurrent Requests',
		name: 'maxConcurrentRequests',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 64 },
		default: 2,
		description:
			"How many items are sent to Modulate at the same time. Keep it at or below your organization's concurrent limit for this model: requests over the limit are refused and retried.",
	},
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10 },
		default: 4,
		description:
			'How often a transient failure (concurrent limit, 5xx, connection reset, timeout) is retried, with exponential backoff and jitter. Permanent failures (bad key, bad file, no credits) are never retried.',
	},
	{
		displayName: 'Retry Initial Delay (Ms)',
		name: 'retryInitialDelayMs',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 1000,
		description: 'Upper bound of the first backoff; it doubles on each retry, up to 30 seconds. A Retry-After from Modulate wins when longer.',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 600,
		description: 'How long one request may take. Batch calls are synchronous: long recordings can take minutes.',
	},
];

export function transportSettingsFrom(options: IDataObject): TransportSettings {
	return {
		timeoutMs: Number(options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
		retry: {
			...DEFAULT_RETRY_POLICY,
			maxRetries: Number(options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries),
			baseDelayMs: Number(options.retryInitialDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs),
		},
	};
}

/** Concurrency is one setting per execution, taken from the first item's options (none: no items, one lane). */
export function maxConcurrencyFrom(firstItemOptions: IDataObject | undefined): number {
	if (!firstItemOptions) return 1;
	return Number(firstItemOptions.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS);
}
