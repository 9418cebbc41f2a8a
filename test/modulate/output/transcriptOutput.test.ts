/**
 * Transcript Format on every operation that has it (Transcribe, Redact PII/PHI and their streaming variants):
 * the `transcript` field in each format, and SRT/WebVTT written as a binary file with the right name and MIME
 * type, beside the redacted MP3 where there is one. Through n8n-core's real helpers against the emulator.
 */
import assert from 'node:assert/strict';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { testWav } from '../../emulator/audio';
import { binaryItem, readBinary } from '../../helpers/n8n';
import { fast, useModulate, useWebSocketClient, wav1, wav2 } from '../support';

const { run, runError, modelRequests } = useModulate();
useWebSocketClient();

interface Op {
	resource: string;
	operation: string;
	streaming?: boolean;
	item: () => Promise<INodeExecutionData>;
	/** The stem of the input file name. */
	stem: string;
	/** Binary fields besides the subtitles. */
	otherBinaries: string[];
}

const OPS: Op[] = [
	{ resource: 'transcription', operation: 'transcribe', item: () => binaryItem(wav1, 'call-01-billing.wav', 'audio/wav'), stem: 'call-01-billing', otherBinaries: [] },
	{ resource: 'transcription', operation: 'transcribeStreaming', streaming: true, item: () => binaryItem(testWav({ durationMs: 9000 }), 'stream.wav', 'audio/wav'), stem: 'stream', otherBinaries: [] },
	{ resource: 'redaction', operation: 'redactPiiPhi', item: () => binaryItem(wav2, 'call-02-clinic.wav', 'audio/wav'), stem: 'call-02-clinic', otherBinaries: ['data'] },
	{ resource: 'redaction', operation: 'redactPiiPhiStreaming', streaming: true, item: () => binaryItem(testWav({ durationMs: 9000 }), 'stream.wav', 'audio/wav'), stem: 'stream', otherBinaries: ['data'] },
];

const options = (op: Op, extra: IDataObject) => ({ ...(op.streaming ? { retryInitialDelayMs: 5 } : fast), ...extra });

async function runFormat(op: Op, extra: IDataObject) {
	const { output } = await run({ resource: op.resource, operation: op.operation, options: options(op, extra) }, [await op.item()]);
	return output[0][0];
}

const SRT_CUE = /^1\n\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}\nSpeaker \d+: \S/;
const VTT_CUE = /^WEBVTT\n\n\d{2}:\d{2}:\d{2}\.\d{3} --> \d{2}:\d{2}:\d{2}\.\d{3}\nSpeaker \d+: \S/;

describe('Transcript Format', () => {
	for (const op of OPS) {
		describe(`${op.resource} → ${op.operation}`, () => {
			it('speaker-labelled text by default, one line per utterance', async () => {
				const item = await runFormat(op, {});
				const json = item.json as IDataObject;
				const lines = String(json.transcript).split('\n');
				assert.equal(lines.length, (json.utterances as unknown[]).length);
				for (const line of lines) assert.match(line, /^Speaker \d+: \S/);
				assert.deepEqual(Object.keys(item.binary ?? {}), op.otherBinaries);
			});

			it('plain text: the words of the utterances in time order', async () => {
				const json = (await runFormat(op, { transcriptFormat: 'text' })).json as IDataObject;
				const utterances = json.utterances as IDataObject[];
				assert.equal(json.transcript, utterances.map((u) => String(u.text).trim()).join(' '));
				assert.doesNotMatch(String(json.transcript), /Speaker/);
			});

			it('SRT: numbered cues with comma milliseconds, as many as utterances; no file unless asked', async () => {
				const item = await runFormat(op, { transcriptFormat: 'srt' });
				const json = item.json as IDataObject;
				assert.match(String(json.transcript), SRT_CUE);
				assert.equal(String(json.transcript).match(/ --> /g)?.length, (json.utterances as unknown[]).length);
				assert.deepEqual(Object.keys(item.binary ?? {}), op.otherBinaries);
			});

			it('SRT as a file: <stem>.srt, application/x-subrip, the same text as the field', async () => {
				const item = await runFormat(op, { transcriptFormat: 'srt', subtitleFile: true });
				const file = item.binary?.subtitles;
				assert.ok(file, 'subtitles binary');
				assert.equal(file.fileName, `${op.stem}.srt`);
				assert.equal(file.mimeType, 'application/x-subrip');
				assert.equal((await readBinary(file)).toString('utf8'), (item.json as IDataObject).transcript);
				assert.deepEqual(Object.keys(item.binary ?? {}).sort(), [...op.otherBinaries, 'subtitles'].sort());
			});

			it('WebVTT as a file in a chosen field: <stem>.vtt, text/vtt', async () => {
				const item = await runFormat(op, { transcriptFormat: 'vtt', subtitleFile: true, subtitleBinaryProperty: 'captions' });
				assert.match(String((item.json as IDataObject).transcript), VTT_CUE);
				const file = item.binary?.captions;
				assert.ok(file, 'captions binary');
				assert.equal(file.fileName, `${op.stem}.vtt`);
				assert.equal(file.mimeType, 'text/vtt');
				assert.equal((await readBinary(file)).toString('utf8'), (item.json as IDataObject).transcript);
			});
		});
	}

	it('Redact PII/PHI: the subtitle file may not take the redacted MP3\'s field, and nothing is sent', async () => {
		const error = await runError(
			{ resource: 'redaction', operation: 'redactPiiPhi', options: { ...fast, transcriptFormat: 'vtt', subtitleFile: true, subtitleBinaryProperty: 'data' } },
			[await OPS[2].item()],
		);
		assert.match(error.message, /Subtitle Binary Field is "data", the field that holds the redacted MP3/);
		assert.match(String(error.description), /Nothing was sent to Modulate/);
		assert.equal(modelRequests().length, 0);
	});

	it('the redacted transcript is the one formatted: no unredacted text reaches the subtitles', async () => {
		const item = await runFormat(OPS[2], { transcriptFormat: 'srt', subtitleFile: true });
		const json = item.json as IDataObject;
		const tags = String(json.text).match(/<(pii:[a-z_]+|phi)>/g) ?? [];
		assert.ok(tags.length > 0);
		for (const tag of new Set(tags)) assert.ok(String(json.transcript).includes(tag), tag);
	});
});
