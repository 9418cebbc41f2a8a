/**
 * Execution hints in real n8n: a Transcribe whose first request meets Modulate's concurrent limit
 * (retried by the node) in a node with "Retry On Fail" on. Both hints must be in the execution data,
 * where n8n keeps them: `runData[<node>][0].hints` (both majors).
 */
import assert from 'node:assert/strict';
import { assertSucceeded, out, type E2ECase } from '../lib/cases';
import { nodeRuns } from '../lib/n8n';
import { download, manualTrigger, modulate, workflow } from '../lib/workflow';

const MODEL_PATH = '/api/velma-2-stt-batch-english-vfast';

const transcribe = modulate('Transcribe', 'transcription', 'transcribeEnglishFast', { options: { retryInitialDelayMs: 50 } });
Object.assign(transcribe, { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 });

const c: E2ECase = {
	id: 'e2eHints0000000001',
	title: 'hints: concurrent limit retried and Retry On Fail on show in the execution data',
	covers: ['modulate.transcribeEnglishFast'],
	workflow: ({ sink }) =>
		workflow(c.id, 'E2E: execution hints', [manualTrigger('Start'), download('Download call 01', `${sink.url}/recordings/call-01-billing.mp3`), transcribe], [
			['Start', 'Download call 01'],
			['Download call 01', 'Transcribe'],
		]),
	before(ctx) {
		ctx.emu.state.configure({ faults: { script: ['concurrent429'], scriptPath: MODEL_PATH } });
	},
	check(run, ctx) {
		assertSucceeded(run);
		assert.equal(out(run, 'Transcribe').length, 1);
		assert.deepEqual(ctx.requests({ path: MODEL_PATH }).map((r) => r.status), [429, 200]);
		const hints = nodeRuns(run.data, 'Transcribe')[0].hints ?? [];
		const messages = hints.map((h) => h.message);
		assert.equal(hints.length, 2, `hints in the run data: ${JSON.stringify(hints)}`);
		assert.match(messages[0], /concurrent limit once in this run/);
		assert.match(messages[1], /"Retry On Fail" is on/);
		assert.deepEqual(hints.map((h) => h.type), ['warning', 'warning']);
	},
};

export default c;
