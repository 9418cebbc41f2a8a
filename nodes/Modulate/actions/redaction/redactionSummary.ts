import type { IDataObject } from 'n8n-workflow';

/**
 * Counts what was redacted. Doc versions disagree on the tag style (docs/api-notes.md §6):
 * `<pii:name></pii:name>` and `<phi></phi>` in the current spec, `[FIRSTNAME]` in older ones; both are
 * counted.
 */
export function redactionSummary(metadata: IDataObject): IDataObject {
	const text = String(metadata.text ?? '');
	const byCategory: Record<string, number> = {};
	for (const match of text.matchAll(/<(pii:[\w-]+|phi(?::[\w-]+)?)>/gi)) {
		const category = match[1].toLowerCase();
		byCategory[category] = (byCategory[category] ?? 0) + 1;
	}
	for (const match of text.matchAll(/\[([A-Z][A-Z_]{1,40})\]/g)) {
		const category = match[1].toLowerCase();
		byCategory[category] = (byCategory[category] ?? 0) + 1;
	}
	const ranges = Array.isArray(metadata.redaction_ranges) ? metadata.redaction_ranges : [];
	const tagged = Object.values(byCategory).reduce((a, b) => a + b, 0);
	return {
		redactionCount: Math.max(ranges.length, tagged),
		redactedEntities: byCategory,
	};
}
