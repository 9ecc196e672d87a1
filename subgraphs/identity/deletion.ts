/**
 * deleteAccount as a saga. Step 1 (one transaction): check the password, record a deletion job
 * listing every subgraph that must erase the account (each one common/subgraph-registry.ts declares
 * as holding account data), mark the account DELETING and revoke its sessions. Step 2: ask each
 * subgraph to erase (idempotent), crossing each off the job as it succeeds; identity's own rows go
 * last, together with the job. A failure leaves the job with its remaining steps; a background
 * sweep retries it with backoff until it is done.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../../common/logger';
import { ACCOUNT_DATA_HOLDERS, type SubgraphName } from '../../common/subgraph-registry';
import type { Database } from '../kit/database';
import { eraseAccountIn } from '../kit/account-data-client';
import { unauthenticated } from '../kit/errors';
import { verifyPassword } from './passwords';
import { revokeAllSessions } from './sessions';

/** One step per subgraph declared as holding account data (common/subgraph-registry.ts), in declaration order. */
export const REMOTE_STEPS: readonly SubgraphName[] = ACCOUNT_DATA_HOLDERS;
type RemoteStep = SubgraphName;
export type EraseStep = (subgraph: RemoteStep, accountId: string) => Promise<number>;

export async function requestDeletion(db: Database, accountId: string, password: string): Promise<void> {
  const { rows } = await db.query<{ passwordHash: string; email: string }>(
    `SELECT password_hash AS "passwordHash", email FROM accounts WHERE id = $1`,
    [accountId],
  );
  if (!rows[0]) return; // already gone: deleting twice is not an error
  if (!(await verifyPassword(password, rows[0].passwordHash))) {
    throw unauthenticated('The password is wrong; deleting the account needs your current password.');
  }
  await db.transaction(async (tx) => {
    // Claimed for a minute by this request, which runs it at once: the sweep takes it only if the request fails.
    await tx.query(
      `INSERT INTO account_deletions (account_id, email, pending_steps, next_attempt_at) VALUES ($1, $2, $3, now() + interval '1 minute')
       ON CONFLICT (account_id) DO NOTHING`,
      [accountId, rows[0].email, REMOTE_STEPS],
    );
    await tx.query(`UPDATE accounts SET status = 'DELETING', updated_at = now() WHERE id = $1`, [accountId]);
    await revokeAllSessions(tx, accountId, 'account deleted');
  });
}

/** Runs the remaining steps of one job; returns true when the account is fully deleted. */
export async function runDeletion(db: Database, accountId: string, erase: EraseStep = eraseAccountIn, log?: Logger): Promise<boolean> {
  const { rows } = await db.query<{ pendingSteps: RemoteStep[]; email: string }>(
    `SELECT pending_steps AS "pendingSteps", email FROM account_deletions WHERE account_id = $1`,
    [accountId],
  );
  if (!rows[0]) return true;
  const crossOff = (step: string) => db.query(`UPDATE account_deletions SET pending_steps = array_remove(pending_steps, $2) WHERE account_id = $1`, [accountId, step]);
  for (const step of rows[0].pendingSteps) {
    // A job recorded before its subgraph was removed, or declared as no longer holding account
    // data: there is nothing to erase there any more, and calling it would fail the job forever.
    if (!REMOTE_STEPS.includes(step)) {
      log?.warn('account deletion step crossed off: its subgraph no longer holds account data', { accountId, step });
      await crossOff(step);
      continue;
    }
    try {
      await erase(step, accountId);
      await crossOff(step);
    } catch (error) {
      const message = (error as Error).message;
      log?.warn('account deletion step failed; will retry', { accountId, step, error: message });
      await db.query(
        `UPDATE account_deletions SET attempts = attempts + 1, last_error = $2,
                next_attempt_at = now() + make_interval(secs => least(3600, 10 * power(2, attempts)))
          WHERE account_id = $1`,
        [accountId, `${step}: ${message}`],
      );
      return false;
    }
  }
  await db.transaction(async (tx) => {
    await tx.query(`DELETE FROM accounts WHERE id = $1`, [accountId]);
    await tx.query(`DELETE FROM sign_in_failures WHERE scope = 'email' AND key_hash = $1`, [createHash('sha256').update(rows[0].email).digest()]);
    await tx.query(`DELETE FROM account_deletions WHERE account_id = $1`, [accountId]);
  });
  return true;
}

/** Background sweep: resumes due jobs; SKIP LOCKED lets identity replicas share the work. */
export async function resumeDueDeletions(db: Database, log: Logger, erase: EraseStep = eraseAccountIn): Promise<number> {
  const due = await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ accountId: string }>(
      `SELECT account_id AS "accountId" FROM account_deletions WHERE next_attempt_at <= now()
        ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED`,
    );
    // Claim them for a minute so another replica's sweep does not run the same job concurrently.
    await tx.query(`UPDATE account_deletions SET next_attempt_at = now() + interval '1 minute' WHERE account_id = ANY($1::uuid[])`, [rows.map((r) => r.accountId)]);
    return rows;
  });
  let completed = 0;
  for (const { accountId } of due) if (await runDeletion(db, accountId, erase, log)) completed++;
  return completed;
}
