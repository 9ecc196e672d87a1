import type { ChildProcess } from 'node:child_process';
import { stopTestPlatform } from './platform';

export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as Record<string, unknown>).__BSG_PLATFORM__ as { child: ChildProcess; dataDir: string } | undefined;
  if (handle) await stopTestPlatform(handle.child, handle.dataDir);
}
