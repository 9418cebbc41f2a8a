/**
 * `npm run bench`: every benchmark, figures printed. Speed and memory targets live here, not in tests.
 * Each area's benchmark is its own module exporting a run function.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { asciiChart, runSideBySideBench } from './sideBySide';

interface Bench {
	name: string;
	file: string;
	exported: string;
}

const optional: Bench[] = [
	{ name: 'Batch upload: a 95 MB WAV from the filesystem binary store, and by URL (Transcribe), node memory growth', file: 'upload', exported: 'runUploadAndUrlBench' },
	{ name: 'Platform waits: 1 and 20 jobs of 3 s, estimate "3-5 seconds" and none (median of 3)', file: 'platform', exported: 'runPlatformWaitsBench' },
	{ name: 'Streaming: 10-minute WAV per operation, 200 MB WAV memory', file: 'streaming', exported: 'runStreamingBench' },
	{ name: 'Analyze Call: five analyses with 200-600 ms per model, wall time per item vs the slowest analysis', file: 'analyzeCall', exported: 'runAnalyzeCallBench' },
];

async function main(): Promise<void> {
	console.log('== Models API side by side: node, raw HTTP client, one-at-a-time client (emulator in its own process)');
	const sideBySide = await runSideBySideBench();
	console.log(JSON.stringify(sideBySide, null, 2));
	console.log(asciiChart(sideBySide.chart));
	const row = (name: string) => sideBySide.rows.find((r) => r.name.startsWith(name))!;
	console.log(
		[
			`limit known: node Fixed 4 ${row('node, Fixed 4').ratioToIdeal}× ideal, ${row('node, Fixed 4').ratioToRaw}× the raw client (raw ${row('raw').ratioToIdeal}× ideal, one-at-a-time ${row('one-at-a-time').ratioToIdeal}×)`,
			...['node, Fixed 8', 'node, Fixed 16', 'node, Auto, ceiling 8', 'node, Auto (default'].map((name) => {
				const r = row(name);
				return `limit unknown: ${r.name}: ${r.ratioToIdeal}× ideal, ${r.failedItems} failed items, ${r.refused} refused of ${r.requests} requests (${Math.round((r.refused / r.requests) * 100)}%)`;
			}),
			`per request at zero latency: node ${sideBySide.overhead.nodeMsPerRequest} ms, raw ${sideBySide.overhead.rawMsPerRequest} ms (${sideBySide.overhead.ratio}×); credential reads per item ${sideBySide.overhead.credentialReadsPerItem}`,
		].join('\n'),
	);
	for (const bench of optional) {
		if (!existsSync(join(__dirname, `${bench.file}.ts`))) continue;
		console.log(`\n== ${bench.name}`);
		const mod = (await import(`./${bench.file}`)) as Record<string, () => Promise<unknown>>;
		const figures = await mod[bench.exported]();
		console.log(JSON.stringify(figures, null, 2));
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
