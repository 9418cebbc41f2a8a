/**
 * Clean-ups for when a test file ends. Under Jest, test/support/afterTestFile.ts runs them in an `afterAll`
 * of every test file: Jest hands test code its own `process` object, whose 'exit' listeners never run.
 * Elsewhere (tsx scripts such as the benchmarks) nothing calls them, and `process.on('exit')` does the job.
 */
const tasks = new Set<() => void>();

export function atTestFileEnd(task: () => void): void {
	tasks.add(task);
}

export function runTestFileEnd(): void {
	for (const task of tasks) task();
	tasks.clear();
}
