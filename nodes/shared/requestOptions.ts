/**
 * The options every operation offers for how requests are made: concurrency, timeout and retries.
 * Defined once so that every operation's "Options" list ends with the same fields and the same defaults.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { DEFAULT_RETRY_POLICY } from './transport/backoff';
import type { ConcurrencySetting } from './transport/limiter';
import type { TransportSettings } from './transport/request';

/** Auto: the ceiling of the window; Fixed: the old default, which no organization's limit was seen below. */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 16;
export const DEFAULT_FIXED_CONCURRENT_REQUESTS = 2;
export const DEFAULT_TIMEOUT_SECONDS = 600;

export const concurrencyModeField: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrencyMode',
	type: 'options',
	default: 'auto',
	options: [
		{
			name: 'Auto (Find the Limit)',
			value: 'auto',
			description:
				"Start at 2 and send more at once while Modulate accepts them; a refusal for the concurrent limit lowers the window and the request waits its turn again, without spending a retry",
		},
		{
			name: 'Fixed',
			value: 'fixed',
			description: 'Always send exactly Max Concurrent Requests at once; a refusal is retried with backoff like any transient failure',
		},
	],
	description:
		"Modulate's concurrent limit is per organization and per model and is not shown anywhere: Auto finds it for each model by itself",
};

export const maxConcurrentRequestsField: INodeProperties = {
	displayName: 'Max Concurrent Requests',
	name: 'maxConcurrentRequests',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 64 },
	default: 16,
	description:
		"With Concurrency Auto, the most requests sent to one model at the same time (the node finds your organization's limit below it). With Fixed, exactly this many (without a value: 2); keep it at or below your organization's limit, as requests over it are refused and retried.",
};

export const requestOptionFields: INodeProperties[] = [
	concurrencyModeField,
	maxConcurrentRequestsField,
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
		concurrency: concurrencySettingFrom(options),
	};
}

export function concurrencySettingFrom(options: IDataObject): ConcurrencySetting {
	const mode = options.concurrencyMode === 'fixed' ? 'fixed' : 'auto';
	const fallback = mode === 'fixed' ? DEFAULT_FIXED_CONCURRENT_REQUESTS : DEFAULT_MAX_CONCURRENT_REQUESTS;
	const max = Math.max(1, Math.floor(Number(options.maxConcurrentRequests ?? fallback)) || 1);
	return { mode, max };
}

/**
 * How many items run at once, one setting per execution, from the first item's options (none: no items,
 * one lane). With Auto the requests' own window (transport/limiter.ts) does the bounding, so items may
 * start up to the ceiling and wait for a slot there. `adaptive: false` for work that does not go through
 * the request layer (streaming sessions): Auto then means the fixed default.
 */
export function maxConcurrencyFrom(firstItemOptions: IDataObject | undefined, adaptive = true): number {
	if (!firstItemOptions) return 1;
	if (!adaptive) return concurrencySettingFrom({ ...firstItemOptions, concurrencyMode: 'fixed' }).max;
	return concurrencySettingFrom(firstItemOptions).max;
}
