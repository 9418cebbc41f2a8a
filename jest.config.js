/**
 * `npm test`: the unit and integration suites under Jest, every `.test.ts` file under test/ outside
 * test/e2e (which has its own config). @swc/jest only strips the types (fast); `npm run typecheck` checks
 * them. Each test file starts its own emulator on port 0, so files run in parallel, two at a time (the
 * machines have two cores).
 */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	// Wherever a test file lives (by product area, see the README), it runs; a file not found here is a bug.
	testMatch: ['<rootDir>/test/**/*.test.ts', '!<rootDir>/test/e2e/**'],
	transform: {
		'^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
	},
	setupFiles: ['<rootDir>/test/support/fetchInTestRealm.ts'],
	maxWorkers: 2,
	// Generous: CI machines are loaded, and no test depends on timing.
	testTimeout: 60_000,
	reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
};
