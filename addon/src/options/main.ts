/** The options page: where the gateway is and how often the add-on checks it. The background checks and saves them. */
import { ext } from '../shared/browser-api';
import { extensionStorage } from '../shared/extension-storage';
import { loadSettings } from '../shared/storage';
import { byId, say } from '../popup/dom';
import { ask } from '../popup/ask';

const form = byId<HTMLFormElement>('settings-form');
const url = byId<HTMLInputElement>('gateway-url');
const minutes = byId<HTMLInputElement>('poll-minutes');

async function load(): Promise<void> {
  const settings = await loadSettings(extensionStorage());
  url.value = settings.gatewayUrl;
  minutes.value = String(settings.pollMinutes);
  document.body.dataset.ready = 'yes';
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void ask({ type: 'saveSettings', settings: { gatewayUrl: url.value, pollMinutes: Number(minutes.value) } }).then((reply) => {
    url.removeAttribute('aria-invalid');
    minutes.removeAttribute('aria-invalid');
    if (!reply.ok) {
      (reply.field === 'pollMinutes' ? minutes : url).setAttribute('aria-invalid', 'true');
      return say('settings-result', reply.message);
    }
    url.value = reply.settings.gatewayUrl;
    say('settings-result', `Saved. The add-on checks ${new URL(reply.settings.gatewayUrl).host} every ${reply.settings.pollMinutes} minute(s).`, 'ok');
  });
});

byId('version').textContent = ext.runtime.getManifest().version;
void load();
