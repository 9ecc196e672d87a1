/**
 * The add-on's background logic (addon/src/background/service.ts) run in Node against the test
 * platform's gateway: storage on a Map (shared by "restarts", as browser.storage.local is), its
 * own client address (sign-up limits count per address), every HTTP exchange recorded.
 */
import { randomInt } from 'node:crypto';
import { AddonService } from '../../addon/src/background/service';
import { KEYS, type KeyValueStorage } from '../../addon/src/shared/storage';
import type { AddonState } from '../../addon/src/shared/state';
import { testPlatform } from './platform';

export interface RecordedExchange {
  method: string;
  operation: string;
  ifNoneMatch?: string;
  status: number;
}

export function memoryStorage(): KeyValueStorage {
  const values = new Map<string, string>();
  return {
    get: async (key) => (values.has(key) ? JSON.parse(values.get(key)!) : undefined),
    set: async (key, value) => {
      values.set(key, JSON.stringify(value));
    },
    remove: async (key) => {
      values.delete(key);
    },
  };
}

/** A background as the browser would start it: on `storage`, pointed at the test platform. */
export async function startBackground(storage: KeyValueStorage, exchanges: RecordedExchange[] = []): Promise<AddonService & { state(): Promise<AddonState> }> {
  const address = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const service = new AddonService({
    storage,
    clientInfo: { version: '0.1.0', platform: 'node-test', locale: () => 'en-US' },
    fetch: async (input, init) => {
      const response = await fetch(input, { ...init, headers: { ...init.headers, 'x-forwarded-for': address } });
      const url = new URL(input);
      exchanges.push({
        method: init.method,
        operation: init.method === 'GET' ? url.searchParams.get('operationName') ?? '?' : (JSON.parse(init.body ?? '{}') as { operationName?: string }).operationName ?? '?',
        ifNoneMatch: init.headers['if-none-match'],
        status: response.status,
      });
      return response;
    },
  });
  const settings = await service.handle({ type: 'saveSettings', settings: { gatewayUrl: testPlatform().gatewayUrl, pollMinutes: 15 } });
  if (!settings.ok) throw new Error(settings.message);
  return Object.assign(service, { state: async () => (await storage.get(KEYS.state)) as AddonState });
}
