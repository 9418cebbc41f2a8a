/**
 * Catalogue, parameters, files and expressions: what a new user can set wrong on the Modulate node. Each
 * is caught before the audio is sent.
 */
import assert from 'node:assert/strict';
import { startEmulator } from '../emulator/server';
import type { RunningEmulator } from '../emulator/server';
import { binaryItem } from '../helpers/n8n';
import { expectFailure, fast, wav, wavItem } from './support';

let emulator: RunningEmulator;
beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(async () => {
	await emulator.close();
});

const analyze = (extra: object = {}, options: object = {}) => ({
	resource: 'conversation',
	operation: 'analyzeConversation',
	options: { ...fast, ...options },
	...extra,
});

describe('catalogue: parameters', () => {
	it('an unknown behavior preset is named, with the valid ones and how to list them; only the catalog is read', async () => {
		const { json } = await expectFailure(emulator, {
			parameters: analyze({ behaviorPresets: ['complaints', 'no_such_preset'] }),
			category: 'badRequest',
			words: ['Item 0', 'unknown behavior preset "no_such_preset"', 'Behavior Preset Names or IDs'],
			descriptionWords: ['complaints', 'List Presets', 'nothing was sent'],
			requests: 1,
		});
		assert.doesNotMatch(String(json.error), /"complaints"/);
	});

	it('an unknown preset inside Config (JSON) behaviors is named with that field', async () => {
		await expectFailure(emulator, {
			parameters: analyze({}, { configJson: '{"behaviors": ["preset:made_up"]}' }),
			category: 'badRequest',
			words: ['unknown behavior preset "made_up"', 'Config (JSON)'],
			requests: 1,
		});
	});

	it('Config (JSON) that does not parse fails before sending', async () => {
		await expectFailure(emulator, {
			parameters: analyze({}, { configJson: '{"behaviors": [' }),
			category: 'badRequest',
			words: ['Config (JSON)', 'not valid JSON'],
			requests: 'none',
		});
	});

	it('Keep Original Audio with the default Output Binary Field is refused before sending (batch)', async () => {
		await expectFailure(emulator, {
			parameters: { resource: 'redaction', operation: 'redactPiiPhi', options: { ...fast, keepOriginalAudio: true } },
			category: 'badRequest',
			words: ['Keep Original Audio', 'Output Binary Field', '"data"', 'replace'],
			descriptionWords: ['"redacted"', 'Nothing was sent'],
			requests: 'none',
		});
	});

	it('Keep Original Audio with Output Binary Field equal to the Input Binary Field is refused (streaming)', async () => {
		await expectFailure(emulator, {
			parameters: {
				resource: 'redaction',
				operation: 'redactPiiPhiStreaming',
				binaryPropertyName: 'audio',
				options: { ...fast, keepOriginalAudio: true, outputBinaryPropertyName: 'audio' },
			},
			items: [await binaryItem(wav, 'call.wav', 'audio/wav', { property: 'audio' })],
			category: 'badRequest',
			words: ['Keep Original Audio', '"audio"'],
			requests: 'none',
		});
	});

	it('a negative redaction padding fails before sending', async () => {
		await expectFailure(emulator, {
			parameters: { resource: 'redaction', operation: 'redactPiiPhi', options: { ...fast, startRedactionPaddingMs: -5 } },
			category: 'badRequest',
			words: ['Start Redaction Padding', '0 or more', '-5'],
			requests: 'none',
		});
	});

	it('a language given as a name, not a code, fails before sending', async () => {
		await expectFailure(emulator, {
			parameters: { resource: 'transcription', operation: 'transcribe', options: { ...fast, language: 'english' } },
			category: 'badRequest',
			words: ['Language', 'english'],
			requests: 'none',
		});
	});

	it('a custom term definition over the limit fails before sending', async () => {
		await expectFailure(emulator, {
			parameters: {
				resource: 'transcription',
				operation: 'transcribe',
				options: { ...fast, customTerms: { terms: [{ term: 'ACME', definition: 'd'.repeat(300) }] } },
			},
			category: 'badRequest',
			words: ['Custom Terms', 'entry 1', '"ACME"'],
			requests: 'none',
		});
	});
});

describe('catalogue: files and expressions', () => {
	it('no binary property of that name: the ones present are listed', async () => {
		await expectFailure(emulator, {
			parameters: { resource: 'transcription', operation: 'transcribe', binaryPropertyName: 'audio', options: fast },
			category: 'badRequest',
			words: ['Item 0', 'no binary property "audio"'],
			descriptionWords: ['data', 'Input Binary Field'],
			requests: 'none',
		});
	});

	it('an item with no binary at all says how to get one', async () => {
		await expectFailure(emulator, {
			parameters: { resource: 'deepfake', operation: 'detectSyntheticVoice', options: fast },
			items: [{ json: { id: 1 } }],
			category: 'badRequest',
			words: ['no binary property "data"'],
			descriptionWords: ['no binary data'],
			requests: 'none',
		});
	});

	it('a text file is an unsupported format, with the supported ones listed', async () => {
		await expectFailure(emulator, {
			parameters: { resource: 'transcription', operation: 'transcribeEnglishFast', options: fast },
			items: [await binaryItem(Buffer.from('hello'), 'notes.txt', 'text/plain')],
			category: 'unsupportedFormat',
			words: ['unsupported file format .txt', 'notes.txt', 'supported:', '.wav'],
			requests: 'none',
		});
	});

	it('a format the music endpoint does not list is refused for it', async () => {
		await expectFailure(emulator, {
			parameters: { resource: 'analysis', operation: 'detectMusic', options: fast },
			items: [await binaryItem(wav.subarray(0, 4000), 'clip.webm', 'audio/webm')],
			category: 'unsupportedFormat',
			words: ['unsupported file format .webm', 'supported:'],
			requests: 'none',
		});
	});

	it('an empty file fails before sending', async () => {
		await expectFailure(emulator, {
			parameters: { resource: 'analysis', operation: 'detectLanguage', options: fast },
			items: [await binaryItem(Buffer.alloc(0), 'empty.wav', 'audio/wav')],
			category: 'badRequest',
			words: ['empty', '0 bytes'],
			requests: 'none',
		});
	});

	it('an Input Binary Field expression that gives an object names the type that arrived', async () => {
		await expectFailure(emulator, {
			parameters: { resource: 'transcription', operation: 'transcribe', binaryPropertyName: '={{ { name: "data" } }}', options: fast },
			category: 'badRequest',
			words: ['Input Binary Field', 'an object', 'name of a binary property'],
			requests: 'none',
		});
	});

	it('a file with no extension and an unknown MIME type is refused, naming both', async () => {
		await expectFailure(emulator, {
			parameters: { resource: 'transcription', operation: 'transcribeEnglishFast', options: fast },
			items: [await binaryItem(Buffer.from('xyz'), 'recording', 'application/octet-stream')],
			category: 'unsupportedFormat',
			words: ['unsupported file format', 'application/octet-stream', '"recording"'],
			requests: 'none',
		});
	});
});

void wavItem;
