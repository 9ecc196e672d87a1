/**
 * The add-on's storage, by key. The background and the popup use `browser.storage.local` through
 * `extensionStorage`; the tests of the background logic use a Map. Values are JSON.
 */
import { DEFAULT_SETTINGS, EMPTY_STATE, type AddonState, type Settings } from './state';

export interface KeyValueStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

/** The keys: settings, the session's tokens, the ETag cache, what the popup shows. */
export const KEYS = { settings: 'settings', session: 'session', etags: 'etags', state: 'state' } as const;

export async function loadSettings(storage: KeyValueStorage): Promise<Settings> {
  return { ...DEFAULT_SETTINGS, ...((await storage.get(KEYS.settings)) as Partial<Settings> | undefined) };
}

export async function loadState(storage: KeyValueStorage): Promise<AddonState> {
  return { ...EMPTY_STATE, ...((await storage.get(KEYS.state)) as Partial<AddonState> | undefined) };
}
