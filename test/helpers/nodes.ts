/**
 * The node classes for tests. Each `X.node.ts` has its codex `X.node.json` beside it, and Node's resolver
 * picks the JSON for a bare '…/X.node', so the TypeScript files are imported by their full names
 * (tsconfig.test.json allows the `.ts` extension; Jest and tsx load it as written).
 */
export { Modulate } from '../../nodes/Modulate/Modulate.node.ts';
export { ModulatePlatform } from '../../nodes/ModulatePlatform/ModulatePlatform.node.ts';
