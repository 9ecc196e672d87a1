/** The signed-in account's page: who, agreements, channel, features, data. A service that cannot answer costs only its section. */
import { AgreementsDocument, fieldError, MyAccountDocument } from '../../../client';
import { errorContent } from '../action-form';
import type { App } from '../app';
import { formatDate, h, type Child } from '../dom';
import { isStaff } from '../words';
import { channelSection } from './channel';
import { consentSection } from './consent';
import { dataSection } from './my-data';
import { featuresSection } from './features';

export async function accountView(app: App): Promise<Child[]> {
  const [account, agreements] = await Promise.all([app.request(MyAccountDocument), app.request(AgreementsDocument)]);
  if (!account.ok || !account.data.me) {
    return [
      h('h1', { tabindex: -1 }, 'Your account'),
      h('div', { class: 'error', role: 'alert' }, account.ok ? h('p', {}, 'You are not signed in.') : errorContent(account.error)),
      h('p', {}, h('a', { href: '#/' }, 'Reload the account page')),
    ];
  }
  const me = account.data.me;
  const optIn = agreements.ok ? agreements.data.agreements.find((a) => a.kind === 'EXPERIMENTAL_OPT_IN') : undefined;
  return [
    h('h1', { tabindex: -1 }, `Hello, ${me.displayName}`),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Email'), h('dd', {}, me.email ?? '—'),
      h('dt', {}, 'Channel'), h('dd', {}, me.channel === 'EXPERIMENTAL' ? 'experimental' : 'beta'),
      h('dt', {}, 'In the beta since'), h('dd', {}, formatDate(me.createdAt)),
      isStaff(me.roles) ? [h('dt', {}, 'Staff roles'), h('dd', {}, me.roles.filter((r) => r !== 'USER').join(', '), ' · ', h('a', { href: '#/staff' }, 'Open the staff view'))] : null,
    ),
    consentSection(app, me.consent, !!fieldError(account, 'me', 'consent')),
    channelSection(app, me, optIn),
    featuresSection(app, me),
    dataSection(app),
  ];
}
