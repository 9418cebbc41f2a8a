/**
 * The node classes for tests. Each `X.node.ts` has its codex `X.node.json` beside it, and Node's resolver
 * picks the JSON for a bare '…/X.node', so the TypeScript files are loaded by their full names.
 */
export const { Modulate } = require('../../nodes/Modulate/Modulate.node.ts') as typeof import('../../nodes/Modulate/Modulate.node');
export const { ModulatePlatform } = require('../../nodes/ModulatePlatform/ModulatePlatform.node.ts') as typeof import('../../nodes/ModulatePlatform/ModulatePlatform.node');
