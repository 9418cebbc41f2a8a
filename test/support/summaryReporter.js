/**
 * Jest reporter, used beside the default one: prints, as the very last line of the run,
 *   jest: N passed, M failed[, K skipped]
 * the plain form CI reads (and appends it to $JEST_SUMMARY_FILE when set). A test file that could not run at all (syntax error, failing import) has no
 * failed test of its own, so it counts as one failure: the line never says 0 failed for a broken run.
 *
 * Jest always adds its own summary reporter after the configured ones, so the line is written when the
 * process exits, synchronously, after everything Jest printed.
 */
const { appendFileSync, writeSync } = require('node:fs');

class SummaryReporter {
	onRunComplete(_contexts, results) {
		const brokenFiles = results.testResults.filter((r) => r.testExecError && r.numFailingTests === 0).length;
		const passed = results.numPassedTests;
		const failed = results.numFailedTests + brokenFiles;
		const skipped = results.numPendingTests + results.numTodoTests;
		const line = `jest: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
		process.once('exit', () => writeSync(2, `\n${line}\n`));
		// .ci/run runs Jest twice (npm test, then the E2E suites) and adds the runs up in its last line.
		if (process.env.JEST_SUMMARY_FILE) appendFileSync(process.env.JEST_SUMMARY_FILE, `${line}\n`);
	}
}

module.exports = SummaryReporter;
