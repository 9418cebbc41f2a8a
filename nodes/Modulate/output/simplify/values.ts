/**
 * Small readers the simplifiers share. A simplified field is always present (null when the answer has
 * no value for it), so an IF or a CRM mapping sees the same keys on every item.
 */
import type { IDataObject } from 'n8n-workflow';

export function objects(list: unknown): IDataObject[] {
	return Array.isArray(list) ? list.filter((entry): entry is IDataObject => typeof entry === 'object' && entry !== null) : [];
}

export function numberOrNull(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function stringOrNull(value: unknown): string | null {
	return typeof value === 'string' && value !== '' ? value : null;
}

/** Milliseconds as seconds with millisecond precision; null when unknown. */
export function seconds(ms: unknown): number | null {
	const value = numberOrNull(ms);
	return value === null ? null : Math.round(value) / 1000;
}

/** A list as one comma-separated text: flat, and readable in a Slack message or a CRM field. */
export function joined(values: Array<string | null | undefined>): string {
	return values.filter((value): value is string => typeof value === 'string' && value !== '').join(', ');
}

/** The distinct values of `key`, the one covering the most time first (by `duration_ms`, else by count). */
export function byTime(entries: IDataObject[], key: string): string[] {
	const weights = new Map<string, number>();
	for (const entry of entries) {
		const value = entry[key];
		if (typeof value !== 'string' && typeof value !== 'number') continue;
		const label = String(value);
		if (label === '') continue;
		const weight = numberOrNull(entry.duration_ms) ?? 1;
		weights.set(label, (weights.get(label) ?? 0) + Math.max(weight, 1));
	}
	return [...weights.entries()].sort((a, b) => b[1] - a[1]).map(([label]) => label);
}

/** How many distinct non-empty values `key` takes. */
export function distinctCount(entries: IDataObject[], key: string): number {
	return new Set(entries.map((entry) => entry[key]).filter((value) => value !== undefined && value !== null && value !== '')).size;
}

/** The highest number `key` holds, or null when none does. */
export function maxOf(entries: IDataObject[], key: string): number | null {
	const values = entries.map((entry) => numberOrNull(entry[key])).filter((value): value is number => value !== null);
	return values.length ? Math.max(...values) : null;
}
