/** Input rules for feedback and usage events: pure, with errors naming the field. */
import { badInput } from '../kit/errors';

export type Sentiment = 'HAPPY' | 'SAD';

export interface FeedbackInput {
  experiment: string;
  revision?: string | null;
  sentiment: Sentiment;
  rating?: number | null;
  comment?: string | null;
  locale: string;
  clientVersion: string;
  platform?: string | null;
  clientRequestId?: string | null;
}

export interface UsageEventInput {
  experiment: string;
  name: string;
  at: Date;
  value?: number | null;
}

export const MAX_COMMENT = 2000;
export const MAX_EVENTS = 100;
const SLUG = /^[a-z][a-z0-9-]{1,62}[a-z0-9]$/;
/** BCP 47 in the shape browsers send: language, optional script/region/variants. */
const LOCALE = /^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?(-([a-zA-Z0-9]{5,8}|[0-9][a-zA-Z0-9]{3}))*$/;
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+_-]{0,31}$/;
const EVENT_NAME = /^[a-z][a-z0-9_.:-]{0,63}$/;

export function checkSlug(slug: string, field = 'experiment'): string {
  if (!SLUG.test(slug)) throw badInput(`"${slug.slice(0, 70)}" is not an experiment slug (lower-case letters, digits, dashes).`, field);
  return slug;
}

export function normaliseFeedback(input: FeedbackInput): FeedbackInput & { comment: string | null } {
  checkSlug(input.experiment);
  if (input.rating != null && (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)) {
    throw badInput('rating must be a whole number from 1 to 5, or left out.', 'rating');
  }
  const comment = input.comment?.trim() || null;
  if (comment && comment.length > MAX_COMMENT) throw badInput(`The comment is too long: at most ${MAX_COMMENT} characters.`, 'comment');
  if (!LOCALE.test(input.locale)) throw badInput(`"${input.locale.slice(0, 40)}" is not a BCP 47 locale such as en-US or pt-BR.`, 'locale');
  if (!VERSION.test(input.clientVersion)) throw badInput('clientVersion must be a version such as 128.0.1 (letters, digits, . + _ -, at most 32).', 'clientVersion');
  if (input.revision != null && !VERSION.test(input.revision)) throw badInput('revision must be a version such as 1.4.0.', 'revision');
  const platform = input.platform?.trim() || null;
  if (platform && platform.length > 32) throw badInput('platform must be at most 32 characters.', 'platform');
  if (input.clientRequestId != null && !/^[\w.:-]{8,64}$/.test(input.clientRequestId)) {
    throw badInput('clientRequestId must be 8–64 letters, digits or . _ : - (a UUID works).', 'clientRequestId');
  }
  return { ...input, comment, platform };
}

export function validateUsageEvents(events: UsageEventInput[], now: Date): void {
  if (events.length === 0) throw badInput('Send at least one usage event.', 'events');
  if (events.length > MAX_EVENTS) throw badInput(`Send at most ${MAX_EVENTS} usage events per call.`, 'events');
  events.forEach((e, i) => {
    checkSlug(e.experiment, `events[${i}].experiment`);
    if (!EVENT_NAME.test(e.name)) throw badInput(`events[${i}].name must be lower-case letters, digits and _ . : - (at most 64).`, `events[${i}].name`);
    const age = now.getTime() - e.at.getTime();
    if (age > 7 * 86_400_000 || age < -5 * 60_000) throw badInput(`events[${i}].at must be within the last 7 days.`, `events[${i}].at`);
    if (e.value != null && !Number.isFinite(e.value)) throw badInput(`events[${i}].value must be a finite number.`, `events[${i}].value`);
  });
}
