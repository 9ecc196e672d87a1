/** The account's agreements: what it accepted, and what it still has to accept (a new version: re-consent, with the summary of changes). */
import { AcceptAgreementsDocument, AgreementVersionDocument, type MyAccountQuery } from '../../../client';
import { actionForm, errorContent } from '../action-form';
import type { App } from '../app';
import { checkbox, formatDate, h, type Child } from '../dom';
import { AGREEMENT_TITLES, versionWords } from '../words';
import { agreementText } from './agreement-text';

type Consent = NonNullable<NonNullable<MyAccountQuery['me']>['consent']>;
type Pending = Consent['pending'][number];

/** The full text, fetched when the reader opens it. */
function fullText(app: App, version: Pending): HTMLElement {
  const title = AGREEMENT_TITLES[version.kind];
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading the text…'));
  const details = h('details', {}, h('summary', {}, `Read the ${title}, ${versionWords(version.version)}`), body);
  let loaded = false;
  details.addEventListener('toggle', () => {
    if (!details.open || loaded) return;
    loaded = true;
    void app.request(AgreementVersionDocument, { id: version.id }).then((result) => {
      if (result.ok && result.data.agreementVersion) body.replaceChildren(agreementText(title, version.version, result.data.agreementVersion.text));
      else {
        loaded = false;
        body.replaceChildren(h('div', { class: 'error' }, ...(result.ok ? [h('p', {}, 'This version is no longer published.')] : errorContent(result.error))));
      }
    });
  });
  return details;
}

function pendingVersion(app: App, version: Pending): Child[] {
  const title = AGREEMENT_TITLES[version.kind];
  return [
    h('h3', {}, `${title}, ${versionWords(version.version)}`),
    h('p', {}, version.requiresReconsent ? 'A new version that needs your acceptance to keep your beta features.' : 'Needs your acceptance.', ` In force since ${formatDate(version.effectiveAt)}.`),
    version.summaryOfChanges ? h('p', {}, h('strong', {}, 'What changed: '), version.summaryOfChanges) : null,
    fullText(app, version),
  ];
}

export function consentSection(app: App, consent: Consent | null, unavailable: boolean): Child[] {
  const heading = h('h2', {}, 'Agreements');
  if (!consent) {
    return [heading, h('p', { class: 'notice' }, unavailable
      ? 'Your agreements could not be loaded just now, so no beta feature is enabled for the moment. Nothing was lost; reload the page in a moment.'
      : 'Your agreements could not be loaded.')];
  }
  const pending = consent.pending;
  return [
    heading,
    consent.compliant
      ? h('p', {}, 'You have accepted the current Terms of Service and Privacy Policy.')
      : h('p', { class: 'notice' }, 'Your beta features are off until you accept the versions below.'),
    pending.length
      ? [
        pending.map((version) => pendingVersion(app, version)),
        actionForm({
          id: 'accept-pending',
          label: 'Accept the new versions',
          submit: pending.length > 1 ? 'Accept these versions' : 'Accept this version',
          fields: [h('p', {}, checkbox({ label: `I have read and accept ${pending.map((v) => `the ${AGREEMENT_TITLES[v.kind]} (${versionWords(v.version)})`).join(' and ')}.`, name: 'accept', required: true }))],
          run: async () => {
            const result = await app.request(AcceptAgreementsDocument, { versionIds: pending.map((v) => v.id) });
            if (!result.ok) return result.error;
            await app.refresh(`Thank you: you accepted ${pending.map((v) => `the ${AGREEMENT_TITLES[v.kind]} ${versionWords(v.version)}`).join(' and ')}.`);
          },
        }),
      ]
      : null,
    consent.accepted.length
      ? h('table', {},
        h('caption', {}, 'What you accepted'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Agreement'), h('th', { scope: 'col' }, 'Version'), h('th', { scope: 'col' }, 'Accepted'))),
        h('tbody', {}, consent.accepted.map((a) => h('tr', {}, h('td', {}, AGREEMENT_TITLES[a.kind]), h('td', {}, a.version.version), h('td', {}, formatDate(a.acceptedAt))))))
      : null,
  ];
}
