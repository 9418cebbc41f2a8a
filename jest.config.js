/**
 * `npm test`: the unit and integration suites under Jest. @swc/jest only strips the types (fast);
 * `npm run typecheck` checks them. Each test file starts its own emulator on port 0, so files run in
 * parallel, two at a time (the machines have two cores).
 */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/errors/**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
	},
	setupFiles: ['<rootDir>/test/support/fetchInTestRealm.ts'],
	maxWorkers: 2,
	// Generous: CI machines are loaded, and no test depends on timing.
	testTimeout: 60_000,
	reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
};
