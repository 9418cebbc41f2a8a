/**
 * `npm run bench`: every benchmark, figures printed. Speed and memory targets live here, not in tests.
 * Each area's benchmark is its own module exporting a run function.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runBacklogBench } from './backlog';

interface Bench {
	name: string;
	file: string;
	exported: string;
}

const optional: Bench[] = [
	{ name: 'Batch upload: a 95 MB WAV from the filesystem binary store, and by URL (Transcribe), node memory growth', file: 'upload', exported: 'runUploadAndUrlBench' },
	{ name: 'Platform: 20 jobs of 3 s waited together', file: 'platform', exported: 'runPlatformBench' },
	{ name: 'Streaming: 10-minute WAV per operation, 200 MB WAV memory', file: 'streaming', exported: 'runStreamingBench' },
];

async function main(): Promise<void> {
	console.log('== Batch backlog: 40 files, emulator limit 4 concurrent, 200 ms each, Max Concurrent Requests 4');
	const backlog = await runBacklogBench();
	console.log(JSON.stringify(backlog, null, 2));
	console.log(
		`backlog: ${backlog.outputs}/${backlog.files} correct outputs, ${backlog.failedItems} failed items, wall ${backlog.wallMs} ms vs ideal ${backlog.idealMs} ms (${(backlog.wallMs / backlog.idealMs).toFixed(2)}×)`,
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
