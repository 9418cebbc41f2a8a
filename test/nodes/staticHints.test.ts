/**
 * The nodes' static hints: each display condition evaluated the way n8n's editor does
 * (Expression.getSimpleParameterValue on the node), so a hint shows exactly for the settings it is about.
 */
import assert from 'node:assert/strict';
import { Workflow } from 'n8n-workflow';
import type { INode, INodeParameters, INodeType, NodeHint } from 'n8n-workflow';
import { Modulate, ModulatePlatform } from '../helpers/nodes';

function shown(nodeType: INodeType, parameters: INodeParameters): string[] {
	const node: INode = {
		id: 'n',
		name: 'Node',
		type: `n8n-nodes-modulate.${nodeType.description.name}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) },
	});
	const hints = (nodeType.description.hints ?? []) as NodeHint[];
	return hints
		.filter((hint) => workflow.expression.getSimpleParameterValue(node, hint.displayCondition ?? '=true', 'internal', {}) === true)
		.map((hint) => hint.message);
}

describe('static hints', () => {
	const modulate = new Modulate();
	const platform = new ModulatePlatform();

	it('Modulate: Real Time pacing of a streaming operation shows the pacing hint; other settings none', () => {
		const streaming = { resource: 'transcription', operation: 'transcribeStreaming' };
		assert.deepEqual(shown(modulate, { ...streaming, options: {} }), []);
		assert.deepEqual(shown(modulate, { ...streaming, options: { pacing: 'fast' } }), []);
		const messages = shown(modulate, { ...streaming, options: { pacing: 'realtime' } });
		assert.equal(messages.length, 1);
		assert.match(messages[0], /Real Time pacing/);
	});

	it('Modulate Platform: the waiting hint for the operations that wait, not for Submit without waiting', () => {
		assert.equal(shown(platform, { resource: 'job', operation: 'submit' }).length, 1);
		assert.equal(shown(platform, { resource: 'job', operation: 'submitMultiFile', waitForCompletion: true }).length, 1);
		assert.equal(shown(platform, { resource: 'job', operation: 'waitForCompletion' }).length, 1);
		assert.deepEqual(shown(platform, { resource: 'job', operation: 'submit', waitForCompletion: false }), []);
		assert.deepEqual(shown(platform, { resource: 'job', operation: 'getStatus' }), []);
	});
});
