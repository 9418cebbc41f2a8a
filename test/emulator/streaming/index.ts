/**
 * The emulator's WebSocket streaming models, written from the AsyncAPI specs in
 * shared/reference/modulate/asyncapi/ (stt-streaming, stt-streaming-english-v2,
 * synthetic-voice-detection-streaming, pii-phi-redaction-streaming):
 * - auth and limits at the handshake (`api_key` query only; a bad key gets an `error` frame and
 *   `config.badKeyWsCloseCode`, a disabled model 4003, no credits or too many connections 4029);
 * - query parameters validated with the specs' messages, close 1003;
 * - STT: an optional first-frame JSON config;
 * - results in proportion to the audio received (utterances per `utteranceMs` of audio, frames per
 *   `frameMs`, English-v2 partials every `partialMs`), then `done` after the empty text frame, close 1000;
 * - PII: each utterance announces a binary MP3 clip that follows it; `done` may announce a trailing clip;
 * - faults from `state.drawFault`: `error4003`, `close1011`, `drop`, `stall` (mid-stream, once
 *   `faultAfterMs` of audio arrived) and `concurrent429` (at the handshake, as close 4029);
 * - every connection recorded with `state.record` (surface `streaming`, text frames, binary bytes,
 *   close code, 0 for a drop).
 *
 * One job per module, as the batch side is split: `upgrade.ts` (the WebSocket upgrade and the route to a
 * model), `connection.ts` (one connection: auth and limits, audio intake, faults, recording), `query.ts`
 * (query parameters and the STT config frame), `received.ts` (the audio received: WAV header, sound or
 * silence), `models.ts` (what each model answers), `options.ts` (model names and the per-state knobs),
 * `formats.ts` (the audio formats of the specs). Audio it writes comes from ../audio.ts.
 */
export { attachStreaming } from './upgrade';
export {
	configureStreaming,
	ENGLISH_V2_MODEL,
	PII_MODEL,
	resetStreaming,
	STREAMING_MODELS,
	streamingOptions,
	STT_MODEL,
	SVD_MODEL,
	type StreamingOptions,
} from './options';
