/**
 * Feedback from the popup: the daily question for a feature (at most once a day per feature, chosen
 * by the background) and a form under each feature. A form keeps its clientRequestId until the
 * feedback is stored, so sending again after a lost answer cannot store it twice.
 */
import type { Sentiment } from '../../../client/generated/graphql';
import type { AddonState, FeatureView } from '../shared/state';
import { ask } from './ask';
import { fill, h, say, show, textOf } from './dom';

async function send(slug: string, sentiment: Sentiment, comment: string, clientRequestId: string, resultId: string): Promise<boolean> {
  const reply = await ask({ type: 'feedback', slug, sentiment, comment, clientRequestId });
  say(resultId, reply.ok ? `Thank you: your feedback on ${slug} was sent.` : reply.message, reply.ok ? 'ok' : 'error');
  return reply.ok;
}

/** The form under a feature: happy or not, an optional comment. */
export function feedbackForm(feature: FeatureView): HTMLElement {
  const resultId = `feedback-result-${feature.slug}`;
  let clientRequestId = crypto.randomUUID();
  const form = h('form', { class: 'feedback-form', hidden: '' },
    h('fieldset', {},
      h('legend', {}, `How does ${feature.slug} work for you?`),
      h('label', {}, h('input', { type: 'radio', name: 'sentiment', value: 'HAPPY', required: '' }), ' Well'),
      h('label', {}, h('input', { type: 'radio', name: 'sentiment', value: 'SAD' }), ' Not well')),
    h('label', {}, 'Comment (optional) ', h('textarea', { name: 'comment', maxlength: '2000', rows: '3' })),
    h('button', { type: 'submit' }, 'Send feedback'));
  const toggle = h('button', { type: 'button', class: 'give-feedback' }, 'Send feedback');
  toggle.addEventListener('click', () => {
    form.hidden = !form.hidden;
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const button = form.querySelector('button')!;
    button.disabled = true;
    void send(feature.slug, data.get('sentiment') as Sentiment, textOf(data, 'comment'), clientRequestId, resultId).then((sent) => {
      button.disabled = false;
      if (!sent) return;
      form.hidden = true;
      form.reset();
      clientRequestId = crypto.randomUUID(); // the next one is new feedback, not a retry
    });
  });
  return h('div', { class: 'feedback' }, toggle, form, h('p', { id: resultId, role: 'status', hidden: '' }));
}

/** The questions the background raised after a poll. */
export function renderPrompts(state: AddonState): void {
  show('prompts', state.prompts.length > 0);
  fill('prompt-list', state.prompts, () => state.prompts.map((slug) => {
    const clientRequestId = crypto.randomUUID();
    const answer = (sentiment: Sentiment, label: string) => {
      const button = h('button', { type: 'button', class: sentiment.toLowerCase() }, label);
      button.addEventListener('click', () => void send(slug, sentiment, '', clientRequestId, 'message'));
      return button;
    };
    const later = h('button', { type: 'button', class: 'later' }, 'Not now');
    later.addEventListener('click', () => void ask({ type: 'dismissPrompt', slug }));
    return h('li', { 'data-slug': slug }, h('p', {}, `How is ${slug} working for you?`), answer('HAPPY', 'Well'), answer('SAD', 'Not well'), later);
  }));
}
