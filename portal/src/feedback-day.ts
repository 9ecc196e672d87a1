/**
 * Feedback is taken once per feature per UTC day. The portal remembers in this tab that it sent
 * today's, so it says so instead of offering a form the server would refuse; a refusal from the
 * server (sent from elsewhere) is remembered the same way. Pure apart from the Storage given.
 */
/** sessionStorage's two methods used here (so the rule also runs where there is no DOM). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const utcDay = (now: Date): string => now.toISOString().slice(0, 10);

const key = (accountId: string, slug: string) => `beta-portal.feedback.${accountId}.${slug}`;

export function sentToday(storage: KeyValueStore, accountId: string, slug: string, now = new Date()): boolean {
  return storage.getItem(key(accountId, slug)) === utcDay(now);
}

export function markSent(storage: KeyValueStore, accountId: string, slug: string, now = new Date()): void {
  storage.setItem(key(accountId, slug), utcDay(now));
}
