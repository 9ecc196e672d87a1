/**
 * Joining in one step: the current terms, an email/password/display-name form and one button that
 * signs up, accepts the required agreements (and the experimental opt-in if ticked) and joins the
 * experimental channel if chosen. And signing in, for an account that already exists.
 */
import { ask } from './ask';
import { byId, h, say, show, textOf } from './dom';
import { agreementDetails, currentAgreements } from './terms';

async function showTerms(): Promise<void> {
  const terms = byId('terms');
  if (terms.dataset.loaded) return;
  const agreements = await currentAgreements();
  if (typeof agreements === 'string') {
    const retry = h('button', { type: 'button' }, 'Try again');
    retry.addEventListener('click', () => void showTerms());
    terms.replaceChildren(h('p', { class: 'error' }, agreements), retry);
    return;
  }
  terms.dataset.loaded = 'yes';
  terms.replaceChildren(h('p', {}, 'Read the terms of the beta:'), ...agreements.map(agreementDetails));
  show('experimental-choice', agreements.some((a) => a.kind === 'EXPERIMENTAL_OPT_IN'));
  byId<HTMLButtonElement>('join-button').disabled = false;
}

/** Marks the field the gateway named (input.email → email) so the user sees what to fix. */
function markField(form: HTMLFormElement, field: string | undefined): void {
  for (const input of form.querySelectorAll('input')) input.removeAttribute('aria-invalid');
  const name = field?.split('.').pop();
  if (name) form.querySelector(`[name="${name}"]`)?.setAttribute('aria-invalid', 'true');
}

async function submitJoin(form: HTMLFormElement): Promise<void> {
  const agreements = await currentAgreements();
  if (typeof agreements === 'string') return say('join-result', agreements);
  const data = new FormData(form);
  const experimental = data.get('experimental') === 'on';
  const acceptVersionIds = agreements.filter((a) => a.required || (experimental && a.kind === 'EXPERIMENTAL_OPT_IN')).map((a) => a.versionId);
  say('join-result', 'Joining…', 'ok');
  const reply = await ask({
    type: 'join', email: textOf(data, 'email'), password: textOf(data, 'password'), displayName: textOf(data, 'displayName'),
    acceptVersionIds, experimental,
  });
  markField(form, reply.ok ? undefined : reply.field);
  say('join-result', reply.ok ? '' : reply.message);
  if (!reply.ok) say('message', reply.message);
}

async function submitSignIn(form: HTMLFormElement): Promise<void> {
  const data = new FormData(form);
  say('sign-in-result', 'Signing in…', 'ok');
  const reply = await ask({ type: 'signIn', email: textOf(data, 'email'), password: textOf(data, 'password') });
  markField(form, reply.ok ? undefined : reply.field);
  say('sign-in-result', reply.ok ? '' : reply.message);
}

export function wireJoin(): void {
  const join = byId<HTMLFormElement>('join-form');
  join.addEventListener('submit', (event) => {
    event.preventDefault();
    const button = byId<HTMLButtonElement>('join-button');
    button.disabled = true;
    void submitJoin(join).finally(() => {
      button.disabled = false;
    });
  });
  const signIn = byId<HTMLFormElement>('sign-in-form');
  signIn.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitSignIn(signIn);
  });
}

export function renderJoin(signedIn: boolean): void {
  show('join', !signedIn);
  if (!signedIn) void showTerms();
}
