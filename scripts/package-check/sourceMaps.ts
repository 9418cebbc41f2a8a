/**
 * A source map is only useful if what it points at ships: a `sourceMappingURL` must name a map in the
 * tarball, and each of the map's sources must either ship too or be embedded (sourcesContent).
 */
import { posix } from 'node:path';

interface SourceMap {
	sources?: string[];
	sourcesContent?: Array<string | null>;
	sourceRoot?: string;
}

export function checkSourceMaps(files: string[], readFile: (file: string) => string): string[] {
	const shipped = new Set(files);
	const problems: string[] = [];
	for (const file of files.filter((f) => f.endsWith('.js'))) {
		const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFile(file))?.[1];
		if (!url || url.startsWith('data:')) continue;
		const map = posix.join(posix.dirname(file), url);
		if (!shipped.has(map)) problems.push(`${file}: its sourceMappingURL points at ${map}, which is not in the tarball`);
	}
	// One compiler setting makes every map alike, so they are reported together, with the first as example.
	const unresolved: string[] = [];
	for (const file of files.filter((f) => f.endsWith('.map'))) {
		let map: SourceMap;
		try {
			map = JSON.parse(readFile(file)) as SourceMap;
		} catch {
			problems.push(`${file}: not valid JSON`);
			continue;
		}
		const missing = (map.sources ?? []).filter((source, i) => {
			if (typeof map.sourcesContent?.[i] === 'string') return false;
			return !shipped.has(posix.join(posix.dirname(file), map.sourceRoot ?? '', source));
		});
		if (missing.length) unresolved.push(`${file} -> ${missing.join(', ')}`);
	}
	if (unresolved.length) {
		problems.push(
			`${unresolved.length} source map(s) point at sources neither in the tarball nor embedded, e.g. ${unresolved[0]} (turn sourceMap off in tsconfig.json, or set inlineSources)`,
		);
	}
	return problems;
}
