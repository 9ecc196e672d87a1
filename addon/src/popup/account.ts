/** The header (who is signed in), the consent step when agreements changed, the last check and the account's buttons. */
import type { AddonState } from '../shared/state';
import { ask } from './ask';
import { byId, say, show } from './dom';
import { agreementDetails, currentAgreements } from './terms';

function lastCheckWords(state: AddonState): string {
  const check = state.lastCheck;
  if (!check) return 'Not checked yet.';
  const at = new Date(check.at).toLocaleTimeString();
  if (check.outcome === 'failed') return `Last check ${at}: ${check.message ?? 'it failed.'}`;
  return check.outcome === 'unchanged' ? `Last checked ${at}: no changes.` : `Last checked ${at}.`;
}

async function showPending(state: AddonState): Promise<void> {
  const kinds = new Set(state.account?.pending.map((p) => p.kind));
  const agreements = await currentAgreements();
  if (typeof agreements === 'string') return say('message', agreements);
  const pending = agreements.filter((a) => kinds.has(a.kind));
  byId('consent-terms').replaceChildren(...pending.map(agreementDetails));
  byId('accept-pending').dataset.versionIds = JSON.stringify(pending.map((a) => a.versionId));
}

export function renderAccount(state: AddonState): void {
  const account = state.account;
  const channel = account ? ` · ${account.channel === 'EXPERIMENTAL' ? 'experimental' : 'beta'} channel` : '';
  byId('who').textContent = state.signedIn ? `Signed in as ${account?.email ?? 'a beta account'}${channel}` : 'Not in the beta yet.';
  byId('last-check').textContent = state.signedIn ? lastCheckWords(state) : '';
  show('check-now', state.signedIn);
  show('sign-out', state.signedIn);
  const needsConsent = !!account && (account.compliant === false || account.pending.length > 0);
  show('consent', needsConsent);
  if (needsConsent) void showPending(state);
}

export function wireAccount(): void {
  byId('check-now').addEventListener('click', () => {
    say('message', 'Checking…', 'ok');
    void ask({ type: 'poll' }).then((reply) => say('message', reply.ok ? '' : reply.message));
  });
  byId('sign-out').addEventListener('click', () => void ask({ type: 'signOut' }).then((reply) => say('message', reply.ok ? '' : reply.message)));
  byId('dismiss-notices').addEventListener('click', () => void ask({ type: 'dismissNotices' }));
  byId('accept-pending').addEventListener('click', (event) => {
    const ids = JSON.parse((event.currentTarget as HTMLElement).dataset.versionIds ?? '[]') as string[];
    void ask({ type: 'acceptAgreements', versionIds: ids }).then((reply) => say('message', reply.ok ? '' : reply.message));
  });
}

