/** The streaming models' names and the knobs of the streaming emulator, kept per emulator state. */
import type { EmulatorState } from '../state';

export const STT_MODEL = 'velma-2-stt-streaming';
export const ENGLISH_V2_MODEL = 'velma-2-stt-streaming-english-v2';
export const SVD_MODEL = 'velma-2-synthetic-voice-detection-streaming';
export const PII_MODEL = 'velma-2-pii-phi-redaction-streaming';
export const STREAMING_MODELS = [STT_MODEL, ENGLISH_V2_MODEL, SVD_MODEL, PII_MODEL];

/** Knobs of the streaming emulator, per emulator state (set with `configureStreaming`). */
export interface StreamingOptions {
	/** Audio (ms) after which a scripted mid-stream fault fires. */
	faultAfterMs: number;
	/** One utterance per this much audio (STT, PII, and English-v2's text). */
	utteranceMs: number;
	/** Synthetic-voice frame length. */
	frameMs: number;
	/** English-v2 partial interval, in audio ms. */
	partialMs: number;
	/** Every n-th synthetic-voice frame with sound is `synthetic` (0: never). */
	syntheticEvery: number;
	/** Refuse every connection after auth with this `error` frame and close code (e.g. to test 1003 mapping). */
	handshakeClose?: { code: number; error?: string };
}

const DEFAULT_OPTIONS: StreamingOptions = {
	faultAfterMs: 1000,
	utteranceMs: 4000,
	frameMs: 4000,
	partialMs: 1500,
	syntheticEvery: 5,
};

const optionsByState = new WeakMap<EmulatorState, StreamingOptions>();

export function configureStreaming(state: EmulatorState, partial: Partial<StreamingOptions>): void {
	optionsByState.set(state, { ...streamingOptions(state), ...partial });
}

/** Back to the defaults (`state.reset()` does not know these knobs). */
export function resetStreaming(state: EmulatorState): void {
	optionsByState.delete(state);
}

export function streamingOptions(state: EmulatorState): StreamingOptions {
	return optionsByState.get(state) ?? { ...DEFAULT_OPTIONS };
}
