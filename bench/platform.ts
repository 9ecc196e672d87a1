/**
 * The benchmark's own platform: the test platform (embedded PostgreSQL in a temporary directory,
 * four subgraphs and the gateway on free ports; never ./.data), stopped with everything it runs at
 * the end, on an error, and on Ctrl-C / SIGTERM. If this process is killed outright, the platform
 * notices its IPC channel to this process is gone and stops itself.
 */
import type { ChildProcess } from 'node:child_process';
import { startTestPlatform, stopTestPlatform, TEST_PLATFORM_ENV, type TestPlatform } from '../test/support/platform';

let starting: Promise<{ platform: TestPlatform; child: ChildProcess }> | undefined;
let stopping: Promise<void> | undefined;

export async function startBenchPlatform(): Promise<{ platform: TestPlatform; launcherPid: number | undefined }> {
  // The test platform polls revocations every second and sweeps deletions every two (so tests see
  // them fast); the benchmark measures with the production intervals instead.
  delete TEST_PLATFORM_ENV.REVOCATION_POLL_SECONDS;
  delete TEST_PLATFORM_ENV.DELETION_SWEEP_SECONDS;
  starting = startTestPlatform({ exportToEnv: false });
  const { platform, child } = await starting;
  return { platform, launcherPid: child.pid };
}

/** Stops the platform (waiting for a start in progress first); safe to call more than once. */
export function stopBenchPlatform(): Promise<void> {
  if (!starting) return Promise.resolve();
  const started = starting;
  return (stopping ??= started.then(
    ({ child, platform }) => stopTestPlatform(child, platform.dataDir),
    // The launcher exited already, or (start timeout) stops itself once this process exits (its IPC channel closes).
    () => undefined,
  ));
}

/** Ctrl-C and SIGTERM: stop the load, then the platform, then exit 130 / 143. */
export function stopOnSignals(beforeStop: () => void): void {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping the benchmark platform...\n`);
      beforeStop();
      void stopBenchPlatform().finally(() => process.exit(code));
    });
  }
}
