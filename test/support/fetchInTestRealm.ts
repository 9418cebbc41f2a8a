/**
 * Jest setup file: gives each test file a fetch whose results belong to the test's own realm.
 *
 * Jest runs a test file in its own VM context, but the global `fetch` it copies in is the runtime's, from the
 * outer context: `await res.json()` then builds objects and arrays with the outer `Object`/`Array` prototypes,
 * and `assert.deepStrictEqual` (node:assert/strict) refuses them against a literal of the test's realm
 * ("Values have same structure but are not reference-equal"). The `undici` package is the implementation
 * Node.js bundles as its fetch; loaded here through Jest's module registry, it runs inside the test's context.
 * WebSocket is left alone: streaming tests decide from the runtime's own global whether one exists.
 */
import { FormData, Headers, Request, Response, fetch } from 'undici';

Object.assign(globalThis, { fetch, Request, Response, Headers, FormData });
