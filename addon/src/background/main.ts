/**
 * The background (Chromium's service worker, Firefox's event page): polls Bootstrap on a schedule
 * (chrome.alarms) and at browser start, answers the popup's and options page's commands, and keeps
 * the toolbar badge and notifications in step with the state. Listeners are registered at the top
 * level, as Manifest V3 requires: the browser starts the worker again for each event.
 */
import { ext } from '../shared/browser-api';
import { extensionStorage } from '../shared/extension-storage';
import type { Command } from '../shared/messages';
import { KEYS, loadSettings } from '../shared/storage';
import type { AddonState } from '../shared/state';
import { AddonService } from './service';

const ALARM = 'poll';
const storage = extensionStorage();
const service = new AddonService({
  storage,
  clientInfo: {
    version: ext.runtime.getManifest().version,
    platform: navigator.userAgent.includes('Firefox/') ? 'firefox-addon' : 'chromium-addon',
    locale: () => navigator.language,
  },
});

/** The poll alarm, with the configured period (alarms may not survive a browser restart: checked at every start). */
async function schedule(replace: boolean): Promise<void> {
  const { pollMinutes } = await loadSettings(storage);
  const existing = await ext.alarms.get(ALARM);
  if (existing && !replace && existing.periodInMinutes === pollMinutes) return;
  await ext.alarms.create(ALARM, { periodInMinutes: pollMinutes, delayInMinutes: pollMinutes });
}

async function start(): Promise<void> {
  await schedule(false);
  await service.handle({ type: 'poll' });
}

ext.runtime.onStartup.addListener(() => void start());
ext.runtime.onInstalled.addListener(() => void start());
ext.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === ALARM) void service.handle({ type: 'poll' });
});

ext.runtime.onMessage.addListener((message: Command, sender, sendResponse) => {
  if (sender.id !== ext.runtime.id) return false;
  void service.handle(message).then(async (reply) => {
    if (message.type === 'saveSettings' && reply.ok) await schedule(true);
    sendResponse(reply);
  });
  return true; // answers asynchronously
});

/** Badge: how many things wait in the popup (news and feedback questions). */
async function showBadge(state: AddonState | undefined): Promise<void> {
  const count = (state?.notices.length ?? 0) + (state?.prompts.length ?? 0);
  await ext.action.setBadgeText({ text: count ? String(count) : '' });
  await ext.action.setBadgeBackgroundColor({ color: '#5b2cb4' });
}

/** A desktop notification for each new notice; the popup shows them too (notifications can be off). */
async function notify(before: AddonState | undefined, after: AddonState | undefined): Promise<void> {
  const seen = new Set(before?.notices.map((n) => n.id));
  for (const notice of after?.notices.filter((n) => !seen.has(n.id)) ?? []) {
    try {
      await ext.notifications.create(notice.id, { type: 'basic', iconUrl: 'icon-128.png', title: 'Beta channel', message: notice.text });
    } catch {
      // Notifications turned off or unsupported: the badge and the popup still tell.
    }
  }
}

ext.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local' || !changes[KEYS.state]) return;
  const { oldValue, newValue } = changes[KEYS.state] as { oldValue?: AddonState; newValue?: AddonState };
  void showBadge(newValue);
  void notify(oldValue, newValue);
});

void schedule(false);
