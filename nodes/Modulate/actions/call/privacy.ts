/**
 * Keeps a call's personal data out of the record when redaction ran. The transcript comes from the
 * redaction model; the other answers that hold words (the transcript model's, the conversation model's
 * clips and free-text summary) are requested with PII/PHI tagging, and every value found inside a tag is
 * then masked wherever it appears, tags or not, so a summary quoting a name does not leak it.
 */
import type { IDataObject } from 'n8n-workflow';

export const MASK = '[redacted]';

const TAGGED = /<(pii:[\w-]+|phi(?::[\w-]+)?)>([\s\S]*?)<\/\1>/gi;

/** The words inside PII/PHI tags anywhere in `value` (strings, lists and objects, walked). */
export function taggedValues(value: unknown, into = new Set<string>()): Set<string> {
	if (typeof value === 'string') {
		for (const match of value.matchAll(TAGGED)) {
			const inner = match[2].trim();
			if (inner.length > 1) into.add(inner);
			// A full name is also masked where only one of its words is used ("John" of "John Smith").
			if (/name/i.test(match[1])) for (const word of inner.split(/\s+/)) if (word.length > 2 && /^[A-Z]/.test(word)) into.add(word.replace(/[.,;:!?]+$/, ''));
		}
	} else if (Array.isArray(value)) {
		for (const entry of value) taggedValues(entry, into);
	} else if (value && typeof value === 'object') {
		for (const entry of Object.values(value)) taggedValues(entry, into);
	}
	return into;
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A function that empties tags and masks the given values in a text. */
export function masker(values: Set<string>): (text: string) => string {
	const sorted = [...values].sort((a, b) => b.length - a.length).map(escape);
	const pattern = sorted.length ? new RegExp(`\\b(?:${sorted.join('|')})\\b`, 'gi') : undefined;
	return (text) => {
		const untagged = text.replace(TAGGED, (_all, tag: string) => `<${tag}></${tag}>`);
		return pattern ? untagged.replace(pattern, MASK) : untagged;
	};
}

/** A copy of `value` with every string masked. */
export function maskDeep<T>(value: T, mask: (text: string) => string): T {
	if (typeof value === 'string') return mask(value) as T;
	if (Array.isArray(value)) return value.map((entry) => maskDeep(entry, mask)) as T;
	if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
		const copy: IDataObject = {};
		for (const [key, entry] of Object.entries(value)) copy[key] = maskDeep(entry, mask);
		return copy as T;
	}
	return value;
}
