/** Jest setup (setupFilesAfterEnv): runs the clean-ups registered with `atTestFileEnd` when each test file ends. */
import { runTestFileEnd } from './testFileEnd';

afterAll(() => runTestFileEnd());
