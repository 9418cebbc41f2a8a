/** The "Polling" options of the operations that wait for jobs, and the settings they stand for. */
import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';
import type { PollSettings } from './schedule';

/** The defaults of the Polling options (kept equal to the literal defaults in the fields below). */
export const DEFAULT_POLL = {
	intervalSeconds: 1,
	// 1.2: a job is seen at most about a fifth of its duration late (1.5 let a 3 s job wait until 4.75 s)
	backoffFactor: 1.2,
	maxIntervalSeconds: 30,
	timeoutSeconds: 600,
	maxConcurrentStatusChecks: 10,
};

/** The "Polling" collection; `displayOptions` adds conditions to the operation's own. */
export function pollingOptionsField(displayOptions?: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Polling',
		name: 'pollingOptions',
		type: 'collection',
		placeholder: 'Add Polling Option',
		default: {},
		...(displayOptions ? { displayOptions } : {}),
		options: [
			{
				displayName: 'Backoff Factor',
				name: 'backoffFactor',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10, numberPrecision: 2 },
				default: 1.2,
				description:
					'Each interval is the previous one times this factor, up to the max interval. 1 polls at a fixed interval. When Modulate estimates the processing time, the intervals after the estimated window grow by it.',
			},
			{
				displayName: 'Max Concurrent Status Checks',
				name: 'maxConcurrentStatusChecks',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 10,
				description:
					'How many status calls may be in flight at once, across all jobs of this execution. All jobs are waited on together; this only spaces out their (short) status calls.',
			},
			{
				displayName: 'Max Poll Interval (Seconds)',
				name: 'maxPollIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 1 },
				default: 30,
				description: 'Cap of the growing interval between two status calls for one job',
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 1 },
				default: 1,
				description:
					'Time before the first status call, and the first interval between calls, when Modulate sends no processing-time estimate (with one, the calls follow the estimate)',
			},
			{
				displayName: 'Wait Timeout (Seconds)',
				name: 'waitTimeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 600,
				description:
					'How long to wait for a job before failing with its job ID. The job keeps running at Modulate: check it later with Get Status, or use the Wait node loop for long jobs (see the README).',
			},
		],
	};
}

export function pollSettingsFrom(o: IDataObject): PollSettings {
	const intervalMs = Number(o.pollIntervalSeconds ?? DEFAULT_POLL.intervalSeconds) * 1000;
	return {
		intervalMs,
		backoffFactor: Math.max(1, Number(o.backoffFactor ?? DEFAULT_POLL.backoffFactor)),
		maxIntervalMs: Math.max(intervalMs, Number(o.maxPollIntervalSeconds ?? DEFAULT_POLL.maxIntervalSeconds) * 1000),
		timeoutMs: Number(o.waitTimeoutSeconds ?? DEFAULT_POLL.timeoutSeconds) * 1000,
	};
}

/** One setting per execution, taken from the first item's Polling options (none: no items, one lane). */
export function maxConcurrentStatusChecksFrom(firstItemPolling: IDataObject | undefined): number {
	if (!firstItemPolling) return 1;
	return Math.max(1, Number(firstItemPolling.maxConcurrentStatusChecks ?? DEFAULT_POLL.maxConcurrentStatusChecks));
}
