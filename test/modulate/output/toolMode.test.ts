/**
 * Tool mode: run as the `modulateTool` variant n8n generates for an AI agent, every operation's output is JSON
 * only (no binaries, so no base64) and simplified whatever the Simplify toggle says. Through n8n-core's real
 * helpers against the emulator, with the tool variant built as n8n builds it (same execute, type name + "Tool").
 */
import assert from 'node:assert/strict';
import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';
import { runsAsTool } from '../../../nodes/shared/toolMode';
import { binaryItem, runNode } from '../../helpers/n8n';
import { Modulate } from '../../helpers/nodes';
import { fast, useModulate, wav1, wav2 } from '../support';

const { creds, credentialTypes, modelRequests } = useModulate();

function toolVariant(): INodeType {
	const node = new Modulate();
	return { description: { ...node.description, name: `${node.description.name}Tool` }, methods: node.methods, execute: node.execute };
}

async function runTool(parameters: INodeParameters, item: Awaited<ReturnType<typeof binaryItem>>, typeVersion = 1) {
	const { output, node } = await runNode(toolVariant(), { parameters, items: [item], credentials: creds(), credentialTypes, typeVersion });
	assert.equal(node.type, 'n8n-nodes-modulate.modulateTool');
	return output[0];
}

describe('tool mode', () => {
	it('tells the tool variant by its type name, community or custom', () => {
		assert.equal(runsAsTool({ type: 'n8n-nodes-modulate.modulateTool' }), true);
		assert.equal(runsAsTool({ type: 'CUSTOM.modulatePlatformTool' }), true);
		assert.equal(runsAsTool({ type: 'n8n-nodes-modulate.modulate' }), false);
	});

	it('Redact PII/PHI: simplified JSON without the redacted MP3, even with Simplify off', async () => {
		const [item, ...rest] = await runTool(
			{ resource: 'redaction', operation: 'redactPiiPhi', simplify: false, options: fast },
			await binaryItem(wav2, 'call-02-clinic.wav', 'audio/wav'),
		);
		assert.equal(rest.length, 0);
		assert.equal(item.binary, undefined);
		const json = item.json as IDataObject;
		assert.deepEqual(Object.keys(json), ['transcript', 'redactionCount', 'entityTypes', 'durationSeconds', 'speakerCount', 'utteranceCount', 'language']);
		assert.ok((json.redactionCount as number) > 0);
		assert.doesNotMatch(JSON.stringify(json), /base64|"data":/);
		assert.deepEqual(item.pairedItem, { item: 0 });
		assert.equal(modelRequests().length, 1);
	});

	it('Transcribe with a subtitle file asked for: the subtitles stay in the transcript field, no binary', async () => {
		const [item] = await runTool(
			{ resource: 'transcription', operation: 'transcribe', options: { ...fast, transcriptFormat: 'vtt', subtitleFile: true } },
			await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav'),
			1.1,
		);
		assert.equal(item.binary, undefined);
		assert.match(String(item.json.transcript), /^WEBVTT\n\n/);
		assert.ok(!('utterances' in item.json));
	});

	it('an operation with a small flat answer passes it through, JSON only', async () => {
		const [item] = await runTool(
			{ resource: 'analysis', operation: 'detectLanguage', options: fast },
			await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav'),
		);
		assert.equal(item.binary, undefined);
		assert.ok('predicted_language_code' in item.json);
	});

	it('hides the Simplify toggle in the tool variant (the output is always simplified there)', () => {
		const simplify = toolVariant().description.properties.filter((p) => p.name === 'simplify');
		assert.ok(simplify.length > 0);
		for (const property of simplify) assert.deepEqual(property.displayOptions?.hide?.['@tool'], [true]);
	});
});
