/**
 * `npm run test:queue` (test/queue/run.ts installs what is missing, builds, then runs Jest with this
 * config): the queue-mode suite, one file, in band. Same transform and reporters as jest.config.js.
 */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	roots: ['<rootDir>/test/queue'],
	testMatch: ['<rootDir>/test/queue/*.queue.ts'],
	maxWorkers: 1,
	// Per test: a case's own timeoutMs or 5 min; the set-up in beforeAll has its own.
	testTimeout: 300_000,
};
