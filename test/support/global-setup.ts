import { startTestPlatform } from './platform';

export default async function globalSetup(): Promise<void> {
  const { platform, child } = await startTestPlatform();
  (globalThis as Record<string, unknown>).__BSG_PLATFORM__ = { child, dataDir: platform.dataDir };
}
