/** Feedback on one enabled feature: happy or sad, an optional rating and comment; once per feature per UTC day, said before and after. */
import { SubmitFeedbackDocument } from '../../../client';
import { actionForm } from '../action-form';
import type { App } from '../app';
import { field, h, select, value } from '../dom';
import { markSent, sentToday } from '../feedback-day';
import { randomId } from '../random-id';

declare const PORTAL_VERSION: string;

const ONCE_A_DAY = 'You can send one feedback per feature per day (days count in UTC).';
const LOCALE = /^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?$/;

export function feedbackForm(app: App, accountId: string, feature: { slug: string; name: string; revision: { version: string } }): HTMLElement {
  if (sentToday(sessionStorage, accountId, feature.slug)) {
    return h('p', { class: 'muted', id: `feedback-${feature.slug}-sent` }, `You sent feedback on ${feature.name} today. You can send more from 00:00 UTC.`);
  }
  // One id per filled-in form: sending it again after a lost answer cannot store it twice.
  const clientRequestId = randomId();
  const sentiment = (v: string, text: string) => h('label', { class: 'inline' }, h('input', { type: 'radio', name: 'sentiment', value: v, required: true }), text);
  return h('section', { 'aria-label': `Feedback on ${feature.name}` },
    h('h4', {}, `Feedback on ${feature.name}`),
    h('p', { class: 'hint' }, ONCE_A_DAY),
    actionForm({
      id: `feedback-${feature.slug}`,
      label: `Feedback on ${feature.name}`,
      submit: 'Send feedback',
      fields: [
        h('fieldset', {}, h('legend', {}, 'How do you like it?'), sentiment('HAPPY', 'I like it'), sentiment('SAD', "I don't like it")),
        ...select({ label: 'Rating (optional)', name: 'rating', choices: [['', 'No rating'], ['5', '5 – excellent'], ['4', '4'], ['3', '3'], ['2', '2'], ['1', '1 – poor']] }),
        ...field({ label: 'Comment (optional)', name: 'comment', type: 'textarea', maxlength: 2000, hint: 'At most 2,000 characters. Product and UX staff read it.' }),
      ],
      run: async (form) => {
        const rating = value(form, 'rating');
        const locale = LOCALE.test(navigator.language) ? navigator.language : 'en';
        const result = await app.request(SubmitFeedbackDocument, {
          input: {
            experiment: feature.slug, revision: feature.revision.version, sentiment: value(form, 'sentiment') === 'SAD' ? 'SAD' : 'HAPPY',
            rating: rating ? Number(rating) : null, comment: value(form, 'comment') || null,
            locale, clientVersion: PORTAL_VERSION, platform: 'web', clientRequestId,
          },
        });
        if (!result.ok) {
          // Already sent today (from this tab or elsewhere): the form stays hidden until tomorrow.
          if (result.error.code === 'RATE_LIMITED') markSent(sessionStorage, accountId, feature.slug);
          return result.error;
        }
        markSent(sessionStorage, accountId, feature.slug);
        await app.refresh(`Thank you: your feedback on ${feature.name} was sent. You can send more on it tomorrow (UTC).`);
      },
    }),
  );
}
