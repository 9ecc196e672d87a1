/** The options page's values, checked before the background uses them. Pure. */
import type { Settings } from '../shared/state';

/** chrome.alarms runs a period no shorter than 30 s (Chromium); a day is the longest that still makes sense. */
export const MIN_POLL_MINUTES = 0.5;
export const MAX_POLL_MINUTES = 1440;

export type Checked = { ok: true; settings: Settings } | { ok: false; field: keyof Settings; message: string };

export function checkSettings(input: { gatewayUrl: string; pollMinutes: number }): Checked {
  let url: URL;
  try {
    url = new URL(input.gatewayUrl.trim());
  } catch {
    return { ok: false, field: 'gatewayUrl', message: 'The gateway URL is not a URL: write it like https://beta.example.org/graphql.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, field: 'gatewayUrl', message: 'The gateway URL must start with https:// (or http:// for a gateway on this computer).' };
  }
  if (url.username || url.password || url.search || url.hash) {
    return { ok: false, field: 'gatewayUrl', message: 'The gateway URL must not carry a user name, password, query or fragment.' };
  }
  const minutes = Number(input.pollMinutes);
  if (!Number.isFinite(minutes) || minutes < MIN_POLL_MINUTES || minutes > MAX_POLL_MINUTES) {
    return { ok: false, field: 'pollMinutes', message: `Check for changes every ${MIN_POLL_MINUTES} to ${MAX_POLL_MINUTES} minutes.` };
  }
  return { ok: true, settings: { gatewayUrl: url.toString(), pollMinutes: minutes } };
}
