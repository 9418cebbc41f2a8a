// Lint gate: n8n's own rule sets on the package (nodes, credentials, package.json), as n8n's community-package
// scanner applies them; typescript-eslint's recommended rules on the tests and scripts.
// No inline eslint-disable comments anywhere: the scanner ignores them.
import tsParser from '@typescript-eslint/parser';
import nodesBase from 'eslint-plugin-n8n-nodes-base';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

const testsAndScripts = ['test/**/*.ts', 'scripts/**/*.ts'];

const tsLanguage = {
	parser: tsParser,
	parserOptions: { ecmaVersion: 'latest', sourceType: 'module', extraFileExtensions: ['.json'] },
};

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'examples/**', 'docs/**', '*.js', '*.mjs'] },
	{
		files: ['package.json'],
		languageOptions: tsLanguage,
		plugins: { 'n8n-nodes-base': nodesBase },
		rules: nodesBase.configs.community.rules,
	},
	{
		files: ['credentials/**/*.ts'],
		languageOptions: tsLanguage,
		plugins: { 'n8n-nodes-base': nodesBase },
		rules: {
			...nodesBase.configs.credentials.rules,
			// The rule itself says it applies only to n8n's main repository (docs slugs); community credentials link a URL.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		languageOptions: tsLanguage,
		plugins: { 'n8n-nodes-base': nodesBase },
		rules: {
			...nodesBase.configs.nodes.rules,
			// These two predate NodeConnectionTypes and demand the literal 'main', which the community scanner's
			// node-connection-type-literal rule forbids; the scanner's rule wins.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		languageOptions: tsLanguage,
		...n8nCommunityNodesPlugin.configs.recommended,
		ignores: [],
	},
	...tseslint.configs.recommended.map((config) => ({ ...config, files: testsAndScripts })),
	{
		files: testsAndScripts,
		rules: {
			// A `let` read inside a closure before its first assignment (the emulator's streaming slot) cannot be const.
			'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
		},
	},
	{
		// These load the E2E case files and the built package by computed path, synchronously (Jest defines tests so);
		// the queue suite also loads n8n's own `flatted` from the n8n install.
		files: ['test/e2e/lib/cases.ts', 'test/e2e/lib/suite.ts', 'test/queue/lib/cases.ts', 'test/queue/lib/executions.ts'],
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
	{
		// JSON of many shapes (the emulator's answers, n8n's execution output), read field by field, checked at run time.
		files: ['test/emulator/batch.test.ts', 'test/e2e/lib/n8n.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' },
	},
];
