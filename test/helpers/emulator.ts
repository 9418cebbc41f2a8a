/**
 * One emulator per test file: `useEmulator()` registers the Jest hooks every file used to copy (start on
 * port 0 before all tests, close after all, a clean state before each test) and returns a live view of
 * the running emulator. Its properties read the emulator started in `beforeAll`, so they can be used in
 * tests and hooks and passed on as getters (`modulateRunner(() => emulator.url)`), but not at module load.
 */
import { type RunningEmulator, startEmulator } from '../emulator/server';
import type { EmulatorConfig } from '../emulator/state';
import { resetStreaming } from '../emulator/streaming';

/**
 * @param config applied at start and again after every per-test reset (`state.reset()` goes back to the
 * defaults), so each test starts from the same configuration.
 */
export function useEmulator(config?: Partial<EmulatorConfig>): RunningEmulator {
	let running: RunningEmulator | undefined;
	const current = (): RunningEmulator => {
		if (!running) throw new Error('useEmulator: the emulator starts in beforeAll; use it inside a test or a hook');
		return running;
	};

	beforeAll(async () => {
		running = await startEmulator({ port: 0, config });
	});
	afterAll(async () => {
		await running?.close();
	});
	beforeEach(() => {
		const { state } = current();
		state.reset();
		resetStreaming(state);
		if (config) state.configure(config);
	});

	return {
		get url() {
			return current().url;
		},
		get wsUrl() {
			return current().wsUrl;
		},
		get port() {
			return current().port;
		},
		get state() {
			return current().state;
		},
		close: async () => await current().close(),
	};
}
