/** The Modulate emulator: start it with `startEmulator()`; see README.md in this folder. */
export { startEmulator, type RunningEmulator, type StartOptions } from './server';
export {
	EmulatorState,
	DEFAULT_MODELS_KEY,
	DEFAULT_PLATFORM_ACCOUNT,
	defaultConfig,
	type EmulatorConfig,
	type ModelsKeyConfig,
	type PlatformAccountConfig,
	type FaultKind,
	type FaultConfig,
	type RecordedRequest,
	type RecordedFilePart,
} from './state';
export { analyzeAudio, silentMp3, synthWav, readEmulatorTag, type AudioInfo, type EmulatorAudioTag } from './audio';
export { transcriptFor, loadCalls, findPii, markPii, FIXTURES_DIR, type Transcript, type CallScript, type ScriptUtterance } from './scripts';
export { parseMultipart, buildMultipart } from './multipart';
export { MODEL_ENDPOINTS, DETAIL, MAX_UPLOAD_BYTES, unsupportedFormatDetail } from './models';
export { HTML_502, HTTP_FAULTS } from './exchange';
export { chatOf, FakeChat, CHAT_MODEL_ID, type ChatCall, type ChatScript, type OfferedTool } from './chat';
