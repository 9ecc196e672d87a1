/** The channel: BETA, or EXPERIMENTAL with its opt-in agreement (accepted in the same step as the switch). */
import { AcceptAgreementsDocument, JoinChannelDocument, WithdrawConsentDocument, type AgreementsQuery, type Channel, type MyAccountQuery } from '../../../client';
import { actionForm } from '../action-form';
import { versionWords } from '../words';
import type { App } from '../app';
import { checkbox, h, type Child } from '../dom';
import { agreementText } from './agreement-text';

type Me = NonNullable<MyAccountQuery['me']>;
type OptInAgreement = AgreementsQuery['agreements'][number] | undefined;

function joinForm(app: App, to: Channel, optIn: { id: string; version: string } | null): HTMLFormElement {
  const experimental = to === 'EXPERIMENTAL';
  return actionForm({
    id: `channel-${to.toLowerCase()}`,
    label: experimental ? 'Switch to the experimental channel' : 'Go back to the beta channel',
    submit: experimental ? 'Switch to the experimental channel' : 'Go back to the beta channel',
    buttonClass: experimental ? undefined : 'secondary',
    fields: optIn ? [h('p', {}, checkbox({ label: `I have read and accept the Experimental opt-in (${versionWords(optIn.version)}).`, name: 'accept', required: true }))] : [],
    run: async () => {
      if (optIn) {
        const accepted = await app.request(AcceptAgreementsDocument, { versionIds: [optIn.id] });
        if (!accepted.ok) return accepted.error;
      }
      const joined = await app.request(JoinChannelDocument, { channel: to });
      if (!joined.ok) return joined.error;
      await app.refresh(experimental ? 'You are in the experimental channel now.' : 'You are back in the beta channel.');
    },
  });
}

function withdrawForm(app: App): HTMLFormElement {
  return actionForm({
    id: 'withdraw-opt-in',
    label: 'Withdraw the experimental opt-in',
    submit: 'Withdraw the experimental opt-in',
    buttonClass: 'secondary',
    run: async () => {
      const result = await app.request(WithdrawConsentDocument, { kind: 'EXPERIMENTAL_OPT_IN' });
      if (!result.ok) return result.error;
      await app.refresh('You withdrew the experimental opt-in: experimental features are off and no usage is recorded.');
    },
  });
}

export function channelSection(app: App, me: Me, optInAgreement: OptInAgreement): Child[] {
  const optedIn = me.consent?.experimentalOptIn ?? false;
  const current = optInAgreement?.currentVersion;
  return [
    h('h2', {}, 'Channel'),
    h('p', {}, 'You are in the ', h('strong', {}, me.channel === 'EXPERIMENTAL' ? 'experimental' : 'beta'), ' channel.'),
    h('p', { class: 'muted' }, 'The beta channel gets features on their way to the product. The experimental channel also gets earlier, rougher ones, with heavy instrumentation: what you do with them is recorded, as the Experimental opt-in explains.'),
    me.channel === 'BETA' && !optedIn && current
      ? [h('h3', {}, `Experimental opt-in (${versionWords(current.version)})`), agreementText('Experimental opt-in', current.version, current.text), joinForm(app, 'EXPERIMENTAL', { id: current.id, version: current.version })]
      : null,
    me.channel === 'BETA' && !optedIn && !current ? h('p', { class: 'notice' }, 'The Experimental opt-in could not be loaded just now; reload the page to switch channels.') : null,
    me.channel === 'BETA' && optedIn ? joinForm(app, 'EXPERIMENTAL', null) : null,
    me.channel === 'EXPERIMENTAL' ? joinForm(app, 'BETA', null) : null,
    optedIn ? withdrawForm(app) : null,
  ];
}
