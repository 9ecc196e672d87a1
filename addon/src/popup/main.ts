/** The popup: reads the state the background keeps in storage and re-renders whenever it changes. */
import { ext } from '../shared/browser-api';
import { extensionStorage } from '../shared/extension-storage';
import { KEYS, loadState } from '../shared/storage';
import { renderAccount, wireAccount } from './account';
import { renderPrompts } from './feedback';
import { renderJoin, wireJoin } from './join-form';
import { renderLists } from './render-lists';

const storage = extensionStorage();

async function render(): Promise<void> {
  const state = await loadState(storage);
  renderAccount(state);
  renderJoin(state.signedIn);
  renderPrompts(state);
  renderLists(state);
  document.body.dataset.ready = 'yes';
}

wireAccount();
wireJoin();
ext.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes[KEYS.state]) void render();
});
void render();
