/**
 * Analyze Call through n8n-core's real helpers against the emulator: one record per sample call that agrees
 * with the separate operations, analyses in flight together (proved with the emulator's gate), the
 * per-model bound across items, failure of one analysis, privacy, raw results, Simplify and subtitles.
 */
import assert from 'node:assert/strict';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { formatTranscript, utterancesFrom } from '../../../nodes/Modulate/output/transcriptFormat';
import { DEFAULT_MODELS_KEY } from '../../emulator/state';
import { binaryItem, readBinary } from '../../helpers/n8n';
import { fast, mp3_2, useModulate, wav1, wav2, wav3 } from '../support';

const { run, runError, emulator, modelRequests } = useModulate();

const analyzeCall = (extra: INodeParameters = {}, options: IDataObject = {}): INodeParameters => ({
	resource: 'call',
	operation: 'analyzeCall',
	...extra,
	options: { ...fast, ...options },
});

const ALL = ['transcript', 'redaction', 'syntheticVoice', 'conversation', 'language'];
const SAMPLES: Array<[Buffer, string]> = [
	[wav1, 'call-01-billing.wav'],
	[wav2, 'call-02-clinic.wav'],
	[wav3, 'call-03-urgent-transfer.wav'],
];
/** Words the sample calls say that redaction removes (names, dates, numbers). */
const PERSONAL = ['Sarah', 'John', 'Smith', 'Maria', 'Garcia', 'March fourth', 'four four one one', 'diabetes', 'eight eight four'];

const samples = async (): Promise<INodeExecutionData[]> =>
	await Promise.all(SAMPLES.map(async ([audio, name]) => await binaryItem(audio, name, 'audio/wav')));

describe('Analyze Call: the record', () => {
	it('gives one record per sample call that agrees with Redact PII/PHI and Detect Synthetic Voice', async () => {
		const { output } = await run(analyzeCall({ analyses: ['transcript', 'redaction', 'syntheticVoice'] }), await samples());
		assert.equal(output[0].length, 3);
		const redacted = await run({ resource: 'redaction', operation: 'redactPiiPhi', options: fast }, await samples());
		const synthetic = await run({ resource: 'deepfake', operation: 'detectSyntheticVoice', options: fast }, await samples());

		output[0].forEach((item, index) => {
			assert.deepEqual(item.pairedItem, { item: index });
			const record = item.json;
			const redact = redacted.output[0][index].json;
			const detect = synthetic.output[0][index].json.summary as IDataObject;
			assert.equal(record.fileName, SAMPLES[index][1]);
			assert.equal(record.transcript, formatTranscript('speakerText', utterancesFrom(redact.utterances)));
			assert.equal(record.redactionCount, redact.redactionCount);
			assert.deepEqual(record.redactedEntityTypes, Object.keys(redact.redactedEntities as IDataObject).sort());
			assert.equal(record.syntheticVerdict, detect.verdict);
			assert.equal(record.syntheticConfidence, detect.maxSyntheticConfidence);
			assert.equal(record.syntheticSeconds, detect.syntheticSeconds);
			assert.equal(record.isSynthetic, detect.verdict === 'synthetic');
			assert.equal(record.durationSeconds, Number(redact.duration_ms) / 1000);
			assert.equal(record.speakerCount, 2);
			const speakers = record.speakers as IDataObject[];
			assert.deepEqual(speakers.map((s) => s.speaker), [1, 2]);
			assert.ok(Math.abs(speakers.reduce((sum, s) => sum + Number(s.talkShare), 0) - 1) < 0.002);
			assert.ok(Number(record.silenceSeconds) > 0 && Number(record.silenceSeconds) < Number(record.durationSeconds));
		});
		assert.equal(output[0][2].json.syntheticVerdict, 'synthetic');
		assert.equal(output[0][0].json.syntheticVerdict, 'non-synthetic');
	});

	it('with every analysis: roles, talk shares, emotion, language, summary, topics and the chosen behaviors as booleans', async () => {
		const { output } = await run(
			analyzeCall({ analyses: ALL, behaviorPresets: ['complaints', 'escalation_request'] }, { emotionSignal: true }),
			[await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav')],
		);
		const record = output[0][0].json;
		const speakers = record.speakers as IDataObject[];
		assert.deepEqual(speakers.map((s) => s.role), ['agent', 'customer']);
		assert.equal(record.agentTalkShare, speakers[0].talkShare);
		assert.equal(record.customerTalkShare, speakers[1].talkShare);
		for (const speaker of speakers) assert.equal(typeof speaker.dominantEmotion, 'string');
		assert.equal(record.language, 'en');
		assert.equal(record.languageName, 'English');
		assert.equal(typeof record.languageConfidence, 'number');
		assert.equal(record.conversationType, 'Customer support');
		assert.match(String(record.summary), /Customer support/);
		assert.ok((record.topics as string[]).includes('Billing'));
		assert.deepEqual(record.detectedBehaviors, ['Complaint']);
		assert.equal(record.behavior_complaints, true);
		// chosen, not detected: false, not missing
		assert.equal(record.behavior_escalation_request, false);
		assert.equal(record.raw, undefined, 'raw answers only on request');
		assert.equal(record.errors, undefined);
	});

	it('Simplify keeps at most ten flat fields', async () => {
		const { output } = await run(analyzeCall({ analyses: ALL, simplify: true }), [await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav')]);
		const record = output[0][0].json;
		assert.ok(Object.keys(record).length <= 10, Object.keys(record).join(', '));
		for (const key of ['durationSeconds', 'transcript', 'syntheticVerdict', 'summary']) assert.ok(key in record, key);
		for (const value of Object.values(record)) assert.ok(value === null || typeof value !== 'object' || Array.isArray(value));
	});

	it('Include Raw Results keeps each analysis answer under raw.<analysis>', async () => {
		const { output } = await run(analyzeCall({ analyses: ALL }, { includeRawResults: true }), [await binaryItem(wav2, 'call-02-clinic.wav', 'audio/wav')]);
		const raw = output[0][0].json.raw as IDataObject;
		assert.deepEqual(Object.keys(raw), ALL);
		assert.ok(Array.isArray((raw.transcript as IDataObject).utterances));
		assert.ok(Array.isArray((raw.redaction as IDataObject).redaction_ranges));
		assert.ok(Array.isArray((raw.syntheticVoice as IDataObject).frames));
		assert.ok(Array.isArray((raw.conversation as IDataObject).clips));
		assert.equal((raw.language as IDataObject).predicted_language_code, 'en');
	});
});

describe('Analyze Call: parallel analyses and the per-model bound', () => {
	it("sends one item's analyses together: the gate opens only when all three are in flight", async () => {
		emulator.state.configure({ gate: { count: 3 } });
		const { output } = await run(analyzeCall(), [await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav')]);
		assert.deepEqual(emulator.state.gateOpenings, [3]);
		assert.equal(emulator.state.gateTimeouts, 0);
		assert.deepEqual(
			modelRequests().map((r) => r.path).sort(),
			['/api/velma-2-pii-phi-redaction-batch', '/api/velma-2-stt-batch', '/api/velma-2-synthetic-voice-detection-batch'],
		);
		assert.equal(output[0].length, 1);
	});

	it('keeps each model within Max Concurrent Requests across items, with two items in flight at once', async () => {
		// two items x three analyses held together: only possible when two items run at once
		emulator.state.configure({ gate: { count: 6 } });
		const items = [...(await samples()), await binaryItem(mp3_2, 'call-02-clinic.mp3', 'audio/mpeg')];
		const { output } = await run(analyzeCall({}, { maxConcurrentRequests: 2 }), items);
		assert.equal(output[0].length, 4);
		assert.deepEqual(emulator.state.gateOpenings, [6]);
		for (const model of ['velma-2-stt-batch', 'velma-2-pii-phi-redaction-batch', 'velma-2-synthetic-voice-detection-batch']) {
			assert.equal(emulator.state.peakInflight.get(`${DEFAULT_MODELS_KEY}|${model}`), 2, model);
			assert.equal(modelRequests().filter((r) => r.path === `/api/${model}`).length, 4, model);
		}
	});
});

describe('Analyze Call: when one analysis fails', () => {
	const denySynthetic = () =>
		emulator.state.configure({ modelsKeys: { [DEFAULT_MODELS_KEY]: { disabledModels: ['velma-2-synthetic-voice-detection-batch'] } } });

	it('fails the item by default, naming the analysis and its cause', async () => {
		denySynthetic();
		const error = await runError(analyzeCall(), [await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav')]);
		assert.match(error.message, /syntheticVoice analysis/);
		assert.match(error.message, /velma-2-synthetic-voice-detection-batch/);
		assert.match(error.message, /not (enabled|permitted)|access/i);
	});

	it('Keep Other Results: the failed analysis fields are null and errors.<analysis> says why', async () => {
		denySynthetic();
		const { output } = await run(analyzeCall({}, { onAnalysisError: 'keepOthers' }), [await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav')]);
		const record = output[0][0].json;
		for (const key of ['syntheticVerdict', 'isSynthetic', 'syntheticConfidence', 'syntheticSeconds']) assert.equal(record[key], null, key);
		const failure = (record.errors as IDataObject).syntheticVoice as IDataObject;
		assert.deepEqual(Object.keys(failure).sort(), ['category', 'message', 'retryable']);
		assert.match(String(failure.message), /syntheticVoice analysis/);
		assert.equal(failure.retryable, false);
		assert.equal(typeof failure.category, 'string');
		assert.deepEqual(Object.keys(record.errors as IDataObject), ['syntheticVoice']);
		assert.match(String(record.transcript), /Speaker 1: /);
		assert.ok(Number(record.redactionCount) > 0);
		assert.ok(!JSON.stringify(record).includes(DEFAULT_MODELS_KEY));
	});

	it('Keep Other Results with redaction failed: no transcript rather than the unredacted one, and the input audio is dropped', async () => {
		emulator.state.configure({ modelsKeys: { [DEFAULT_MODELS_KEY]: { disabledModels: ['velma-2-pii-phi-redaction-batch'] } } });
		const { output } = await run(analyzeCall({}, { onAnalysisError: 'keepOthers' }), [await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav')]);
		const item = output[0][0];
		assert.equal(item.json.transcript, null);
		assert.equal(item.json.redactionCount, null);
		assert.equal(item.json.speakerCount, 2, 'speakers still come from the transcript model');
		for (const word of PERSONAL) assert.ok(!JSON.stringify(item.json).includes(word), word);
		assert.equal(item.binary, undefined);
	});

	it('fails the item when every analysis failed, even with Keep Other Results', async () => {
		emulator.state.configure({ modelsKeys: { [DEFAULT_MODELS_KEY]: { disabledModels: ['velma-2-language-detection-batch'] } } });
		const error = await runError(analyzeCall({ analyses: ['language'] }, { onAnalysisError: 'keepOthers' }), [
			await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav'),
		]);
		assert.match(error.message, /language analysis/);
	});
});

describe('Analyze Call: private by default', () => {
	it('no unredacted word in any field, raw answers included, and the redacted MP3 replaces the input audio', async () => {
		const { output } = await run(
			analyzeCall({ analyses: ALL, behaviorPresets: ['complaints'] }, { includeRawResults: true }),
			await samples(),
		);
		for (const item of output[0]) {
			const text = JSON.stringify(item.json);
			for (const word of PERSONAL) assert.ok(!text.includes(word), `${word} in ${String(item.json.fileName)}`);
			assert.deepEqual(Object.keys(item.binary ?? {}), ['data']);
			assert.equal(item.binary!.data.mimeType, 'audio/mpeg');
			assert.equal(item.binary!.data.fileName, String(item.json.fileName).replace('.wav', '-redacted.mp3'));
		}
		// the answers that hold words were asked to tag personal data, so it could be masked
		const stt = modelRequests().find((r) => r.path === '/api/velma-2-stt-batch');
		assert.equal(stt?.fields.pii_phi_tagging, 'true');
		const conversation = modelRequests().find((r) => r.path === '/api/velma-2-batch');
		assert.equal((JSON.parse(String(conversation?.fields.config)).stt as IDataObject).pii_phi_tagging, true);
	});

	it('Include Unredacted Transcript adds it, and only then', async () => {
		const { output } = await run(analyzeCall({}, { includeUnredactedTranscript: true }), [await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav')]);
		const record = output[0][0].json;
		assert.match(String(record.unredactedTranscript), /John Smith/);
		assert.ok(!String(record.transcript).includes('John'), 'the transcript field stays the redacted one');
		const stt = modelRequests().find((r) => r.path === '/api/velma-2-stt-batch');
		assert.equal(stt?.fields.pii_phi_tagging, 'false');
	});

	it('without redaction the input audio passes on and the transcript is the transcript model\'s', async () => {
		const { output } = await run(analyzeCall({ analyses: ['transcript'] }), [await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav')]);
		const item = output[0][0];
		assert.match(String(item.json.transcript), /John Smith/);
		assert.equal(item.binary?.data.fileName, 'call-01-billing.wav');
		assert.equal('redactionCount' in item.json, false, 'keys of analyses not chosen are left out');
	});
});

describe('Analyze Call: Transcript Format', () => {
	for (const [format, head, extension, mime] of [
		['srt', /^1\n00:00:00,000 --> 00:00:04,915\nSpeaker 1: /, 'srt', 'application/x-subrip'],
		['vtt', /^WEBVTT\n\n00:00:00\.000 --> 00:00:04\.915\nSpeaker 1: /, 'vtt', 'text/vtt'],
	] as const) {
		it(`${format}: the transcript as subtitles, and as a file next to the redacted audio`, async () => {
			const { output } = await run(analyzeCall({}, { transcriptFormat: format, subtitleFile: true }), [
				await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav'),
			]);
			const item = output[0][0];
			assert.match(String(item.json.transcript), head);
			assert.ok(String(item.json.transcript).includes('<pii:name></pii:name>'));
			assert.deepEqual(Object.keys(item.binary ?? {}).sort(), ['data', 'subtitles']);
			const file = item.binary!.subtitles;
			assert.equal(file.fileName, `call-01-billing.${extension}`);
			assert.equal(file.mimeType, mime);
			assert.equal((await readBinary(file)).toString('utf8'), item.json.transcript);
		});
	}

	it('plain text', async () => {
		const { output } = await run(analyzeCall({}, { transcriptFormat: 'text' }), [await binaryItem(wav1, 'call-01-billing.wav', 'audio/wav')]);
		assert.match(String(output[0][0].json.transcript), /^Thank you for calling Acme Bank, this is <pii:name><\/pii:name>\. How/);
	});
});
