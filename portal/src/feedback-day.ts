/**
 * Feedback is taken once per feature per UTC day. The portal remembers in this tab that it sent
 * today's, so it says so instead of offering a form the server would refuse; a refusal from the
 * server (sent from elsewhere) is remembered the same way. Pure apart from the Storage given.
 */
export const utcDay = (now: Date): string => now.toISOString().slice(0, 10);

const key = (accountId: string, slug: string) => `beta-portal.feedback.${accountId}.${slug}`;

export function sentToday(storage: Storage, accountId: string, slug: string, now = new Date()): boolean {
  return storage.getItem(key(accountId, slug)) === utcDay(now);
}

export function markSent(storage: Storage, accountId: string, slug: string, now = new Date()): void {
  storage.setItem(key(accountId, slug), utcDay(now));
}
