/**
 * `npm run test:e2e` (test/e2e/run.ts sets up n8n, builds, then runs Jest with this config): one suite file
 * per n8n major, each in its own worker, so both majors run in parallel. Same transform and reporters as
 * jest.config.js.
 */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['<rootDir>/test/e2e/*.e2e.ts'],
	maxWorkers: 2,
	// Per test: a case's own timeoutMs or 5 min; the examples' import (two n8n CLI starts) uses this default.
	testTimeout: 300_000,
};
