/**
 * When the add-on asks for feedback on a feature: at most once a day per feature, never on the day
 * feedback on it was sent (the gateway takes one per experiment per UTC day and answers RATE_LIMITED
 * to a second), and not before the user has had the feature for a day. Days are UTC days, as the
 * gateway counts them. Pure.
 */
import type { FeedbackRecord } from '../shared/state';

const DAY_MS = 86_400_000;
const utcDay = (iso: string) => iso.slice(0, 10);

export function isPromptDue(record: FeedbackRecord, now: Date): boolean {
  const today = now.toISOString().slice(0, 10);
  if (now.getTime() - Date.parse(record.firstSeenAt) < DAY_MS) return false;
  if (record.lastPromptAt && utcDay(record.lastPromptAt) === today) return false;
  if (record.lastSentAt && utcDay(record.lastSentAt) === today) return false;
  return true;
}

/**
 * The records after a poll that found `enabled`: new features start their day, features no longer
 * enabled are forgotten, and the ones due get prompted now. Returns the records and the slugs to prompt.
 */
export function schedulePrompts(records: Record<string, FeedbackRecord>, enabled: string[], showing: string[], now: Date): { records: Record<string, FeedbackRecord>; prompts: string[] } {
  const at = now.toISOString();
  const next: Record<string, FeedbackRecord> = {};
  const prompts = showing.filter((slug) => enabled.includes(slug));
  for (const slug of enabled) {
    const record = records[slug] ?? { firstSeenAt: at };
    if (!prompts.includes(slug) && isPromptDue(record, now)) {
      prompts.push(slug);
      next[slug] = { ...record, lastPromptAt: at };
    } else {
      next[slug] = record;
    }
  }
  return { records: next, prompts };
}
