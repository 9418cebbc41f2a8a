/** The call-center example, as shipped: Analyze Call, then a Slack alert and a HubSpot note (both pointed at the sink). */
import assert from 'node:assert/strict';
import { assertSucceeded, out, pairedIndex, type E2ECase } from '../lib/cases';
import { e2eCopy, loadExample } from '../lib/workflow';

const example = loadExample('call-center-pipeline.json');

/** Words of the sample calls that redaction removes. */
const PERSONAL = /John|Smith|Sarah|Maria|Garcia|March fourth|four four one one|diabetes/;

const c: E2ECase = {
	id: `${example.id}E2E`,
	title: 'example: call-center pipeline (Analyze Call, Slack alert, CRM note)',
	covers: ['modulate.analyzeCall'],
	workflow: ({ sink }) => e2eCopy(example, { sinkUrl: sink.url }),
	check(run, ctx) {
		assertSucceeded(run);
		const calls = ['call-01-billing', 'call-02-clinic', 'call-03-urgent-transfer'];
		const files = ['call-01-billing.mp3', 'call-02-clinic.mp3', 'call-03-urgent-transfer.wav'];

		// Six nodes in all: trigger, recordings, Analyze Call (reading each link), IF, Slack alert, CRM note.
		assert.equal(example.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').length, 6);
		const chain = (to: string): number => {
			const from = Object.entries(example.connections).find(([, c]) => c.main.some((o) => o.some((t) => t.node === to)));
			return from ? chain(from[0]) + 1 : 1;
		};
		assert.equal(chain('Alert fraud team on Slack'), 5);
		assert.equal(chain('Log call note in HubSpot'), 4);

		// One record per call, in order, paired, with the documented keys.
		const records = out(run, 'Analyze Call');
		assert.equal(records.length, 3);
		records.forEach((r, i) => {
			assert.equal(pairedIndex(r), i);
			const j = r.json;
			assert.equal(j.fileName, files[i]);
			for (const key of [
				'durationSeconds', 'language', 'speakerCount', 'silenceSeconds', 'speakers', 'agentTalkShare', 'customerTalkShare', 'transcript',
				'redactionCount', 'redactedEntityTypes', 'syntheticVerdict', 'isSynthetic', 'syntheticConfidence', 'syntheticSeconds',
				'conversationType', 'summary', 'topics', 'detectedBehaviors', 'behavior_complaints', 'behavior_escalation_request', 'behavior_urgency_pressure',
			]) {
				assert.ok(key in j, `${calls[i]}: ${key}`);
			}
			assert.equal(j.speakerCount, 2);
			assert.ok(j.speakers.every((s: { dominantEmotion: unknown; role: unknown }) => typeof s.dominantEmotion === 'string' && typeof s.role === 'string'));
			assert.match(j.transcript, /^Speaker 1: /);
			assert.ok(j.redactionCount > 0, 'redactions found');
			assert.doesNotMatch(JSON.stringify(j), PERSONAL, 'no unredacted word in the record');
			// the redacted MP3 replaced the input audio
			assert.deepEqual(Object.keys(r.binary ?? {}), ['data']);
			assert.equal(r.binary?.data?.mimeType, 'audio/mpeg');
			assert.equal(r.binary?.data?.fileName, `${calls[i]}-redacted.mp3`);
		});
		assert.deepEqual(records.map((r) => r.json.syntheticVerdict), ['non-synthetic', 'non-synthetic', 'synthetic']);
		assert.equal(records[0].json.behavior_complaints, true);

		// Each call went to each of the four models once, with speakers and emotion asked for.
		for (const model of ['velma-2-stt-batch', 'velma-2-pii-phi-redaction-batch', 'velma-2-synthetic-voice-detection-batch', 'velma-2-batch']) {
			const sent = ctx.requests().filter((r) => r.path === `/api/${model}`);
			assert.equal(sent.length, 3, model);
			assert.deepEqual(sent.map((r) => r.files[0]?.fileName).sort(), [...files].sort(), model);
		}
		for (const r of ctx.requests().filter((q) => q.path === '/api/velma-2-stt-batch')) assert.equal(r.fields.emotion_signal, 'true');

		// One alert (call 03), a CRM note per call, only redacted text in them.
		const slack = ctx.posted('/slack');
		assert.equal(slack.length, 1, 'exactly one alert');
		const alert = JSON.stringify(slack[0].json);
		assert.match(alert, /call-03-urgent-transfer/);
		assert.doesNotMatch(alert, PERSONAL);
		const notes = ctx.posted('/hubspot');
		assert.equal(notes.length, 3);
		assert.doesNotMatch(JSON.stringify(notes.map((r) => r.json)), PERSONAL, 'no unredacted word in the CRM notes');
	},
};

export default c;
