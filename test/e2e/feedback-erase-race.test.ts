/**
 * Account erasure in the feedback subgraph runs more than once at the same time in real life (the
 * deleteAccount request and identity's deletion sweep, or a retry): the all-time unique-account
 * counter must go down once per account, not once per run.
 */
import { randomUUID } from 'node:crypto';
import { encodeCaller, SYSTEM_ROLE } from '../../common/caller-context';
import { withDatabase } from '../support/database';
import { testPlatform } from '../support/platform';

function erase(accountId: string) {
  const p = testPlatform();
  const url = `http://127.0.0.1:${p.subgraphPorts.feedback}/internal/accounts/${accountId}/erase`;
  const headers = encodeCaller(
    { accountId, roles: [SYSTEM_ROLE], sessionId: null, requestId: randomUUID(), client: 'OTHER', clientAddress: null, userAgent: 'test', issuedAt: Date.now() },
    { subgraph: 'feedback', method: 'POST', url },
    p.gatewaySecret,
  );
  return fetch(url, { method: 'POST', headers });
}

describe('feedback erasure run concurrently', () => {
  it('lowers the unique-account counter exactly once for each account', async () => {
    const experiment = `erase-race-${randomUUID().slice(0, 8)}`;
    const leaving = Array.from({ length: 5 }, () => randomUUID());
    await withDatabase('beta_feedback', async (db) => {
      await db.query(`INSERT INTO feedback_accounts (experiment, account_id, last_at) SELECT $1, id, now() FROM unnest($2::uuid[]) AS id`, [experiment, [...leaving, randomUUID()]]);
      await db.query(`INSERT INTO feedback_totals (experiment, unique_accounts) VALUES ($1, 6)`, [experiment]);
    });
    // Each account erased by ten runs at once; five accounts one after the other.
    for (const account of leaving) {
      const answers = await Promise.all(Array.from({ length: 10 }, () => erase(account)));
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    }
    const total = await withDatabase('beta_feedback', async (db) =>
      (await db.query<{ n: number }>(`SELECT unique_accounts AS n FROM feedback_totals WHERE experiment = $1`, [experiment])).rows[0].n);
    expect(total).toBe(1); // the one account that stayed
  });
});
