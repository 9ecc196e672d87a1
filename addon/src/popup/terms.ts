/** The current agreements, loaded once per popup from the background, shown with their full text. */
import type { AgreementView } from '../shared/messages';
import { ask } from './ask';
import { h } from './dom';

let loading: Promise<AgreementView[] | string> | undefined;

/** The agreements, or why they could not be loaded (in words). A failure is forgotten so the next call retries. */
export function currentAgreements(): Promise<AgreementView[] | string> {
  loading ??= ask({ type: 'agreements' }).then((reply) => {
    if (reply.ok) return reply.agreements;
    loading = undefined;
    return reply.message;
  });
  return loading;
}

export function agreementDetails(agreement: AgreementView): HTMLElement {
  return h('details', { class: 'agreement', 'data-kind': agreement.kind },
    h('summary', {}, `${agreement.title} — version ${agreement.version}${agreement.required ? ' (required)' : ' (optional)'}`),
    h('div', { class: 'text' }, agreement.text));
}
