/**
 * The WebExtension API: Firefox's `browser` or Chromium's `chrome`. Both return promises in
 * Manifest V3, so one set of calls works in both.
 */
export const ext: typeof chrome = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
