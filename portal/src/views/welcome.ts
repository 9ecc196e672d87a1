/** Signed out: join the beta (read the agreements, sign up and accept them in one step) or sign in. */
import { AcceptAgreementsDocument, AgreementsDocument, SignInDocument, SignUpDocument, type AgreementsQuery } from '../../../client';
import { actionForm, errorContent } from '../action-form';
import { agreementText } from './agreement-text';
import type { App } from '../app';
import { checkbox, field, h, rawValue, value, type Child } from '../dom';
import { AGREEMENT_TITLES, versionWords } from '../words';

type Agreement = AgreementsQuery['agreements'][number];
type CurrentAgreement = Agreement & { currentVersion: NonNullable<Agreement['currentVersion']> };

function joinForm(app: App, required: CurrentAgreement[]): HTMLFormElement {
  const names = required.map((a) => `the ${AGREEMENT_TITLES[a.kind]} (${versionWords(a.currentVersion.version)})`).join(' and ');
  return actionForm({
    id: 'join',
    label: 'Join the beta',
    submit: 'Join the beta',
    fields: [
      ...field({ label: 'Email', name: 'email', type: 'email', required: true, autocomplete: 'email' }),
      ...field({ label: 'Display name', name: 'displayName', required: true, autocomplete: 'nickname', hint: 'Shown to beta staff with your feedback.' }),
      ...field({ label: 'Password', name: 'password', type: 'password', required: true, autocomplete: 'new-password', hint: 'At least 10 characters, and not your email address.' }),
      h('p', {}, checkbox({ label: `I have read and accept ${names}.`, name: 'accept', required: true })),
    ],
    run: async (form) => {
      const signUp = await app.request(SignUpDocument, { input: { email: value(form, 'email'), displayName: value(form, 'displayName'), password: rawValue(form, 'password') } });
      if (!signUp.ok) return signUp.error;
      await app.startSession(signUp.data.signUp);
      const accepted = await app.request(AcceptAgreementsDocument, { versionIds: required.map((a) => a.currentVersion.id) });
      const welcome = `Welcome to the beta, ${signUp.data.signUp.account.displayName}.`;
      await app.home(accepted.ok
        ? `${welcome} You accepted ${names}.`
        : `${welcome} Accepting the agreements failed (${accepted.error.message}); accept them below.`);
    },
  });
}

function signInForm(app: App): HTMLFormElement {
  return actionForm({
    id: 'sign-in',
    label: 'Sign in',
    submit: 'Sign in',
    fields: [
      ...field({ label: 'Email', name: 'email', type: 'email', required: true, autocomplete: 'username', id: 'sign-in-email' }),
      ...field({ label: 'Password', name: 'password', type: 'password', required: true, autocomplete: 'current-password', id: 'sign-in-password' }),
    ],
    run: async (form) => {
      const signIn = await app.request(SignInDocument, { input: { email: value(form, 'email'), password: rawValue(form, 'password') } });
      if (!signIn.ok) return signIn.error;
      await app.startSession(signIn.data.signIn);
      await app.home(`Signed in as ${signIn.data.signIn.account.displayName}.`);
    },
  });
}

export async function welcomeView(app: App): Promise<Child[]> {
  const agreements = await app.request(AgreementsDocument);
  const required = agreements.ok
    ? agreements.data.agreements.filter((a): a is CurrentAgreement => a.required && a.currentVersion !== null)
    : [];
  return [
    h('h1', { tabindex: -1 }, 'The beta program'),
    h('p', {}, 'The beta is a separate environment with its own accounts and data, never shared with production. You try features before they ship, and your feedback decides whether each one graduates into the product or is stopped.'),
    h('h2', {}, 'Already in the beta? Sign in'),
    signInForm(app),
    h('h2', {}, 'Join the beta'),
    agreements.ok
      ? [
        h('p', {}, 'To join, read and accept these agreements, then create your beta account.'),
        required.map((a) => [h('h3', {}, `${AGREEMENT_TITLES[a.kind]} (${versionWords(a.currentVersion.version)})`), agreementText(AGREEMENT_TITLES[a.kind], a.currentVersion.version, a.currentVersion.text)]),
        h('h3', {}, 'Your beta account'),
        joinForm(app, required),
      ]
      : h('div', { class: 'error', role: 'alert' }, h('p', {}, 'The agreements could not be loaded, so joining is not possible right now.'), errorContent(agreements.error)),
  ];
}
