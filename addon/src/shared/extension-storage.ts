/** `browser.storage.local` as a KeyValueStorage (survives browser restarts; the popup watches it for changes). */
import { ext } from './browser-api';
import type { KeyValueStorage } from './storage';

export function extensionStorage(area: chrome.storage.StorageArea = ext.storage.local): KeyValueStorage {
  return {
    get: async (key) => (await area.get(key))[key],
    set: (key, value) => area.set({ [key]: value }),
    remove: (key) => area.remove(key),
  };
}
