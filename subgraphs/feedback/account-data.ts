/** Erasure and export of one account's feedback and usage. The anonymous daily rollups stay. */
import type { AccountDataHandlers } from '../kit/account-data';

export const feedbackAccountData: AccountDataHandlers = {
  async erase(db, accountId) {
    return db.transaction(async (tx) => {
      // The counter goes down once per row this erase really deleted: a second erase running at the
      // same time (a retry, the deletion sweep) waits for the row locks, then deletes nothing.
      const { rowCount: accountRows } = await tx.query(
        `WITH gone AS (DELETE FROM feedback_accounts WHERE account_id = $1 RETURNING experiment)
         UPDATE feedback_totals t SET unique_accounts = t.unique_accounts - 1 FROM gone WHERE t.experiment = gone.experiment`,
        [accountId],
      );
      let erased = accountRows;
      // feedback_comments go with their feedback (ON DELETE CASCADE).
      for (const table of ['feedback', 'usage_events', 'usage_active_days']) {
        erased += (await tx.query(`DELETE FROM ${table} WHERE account_id = $1`, [accountId])).rowCount;
      }
      return erased;
    });
  },
  async export(db, accountId) {
    const [feedback, usage] = await Promise.all([
      db.query(
        `SELECT f.id, f.experiment, f.revision, f.sentiment, f.rating, c.comment, f.locale, f.client_version AS "clientVersion",
                f.platform, f.created_at AS "createdAt"
           FROM feedback f LEFT JOIN feedback_comments c ON c.feedback_id = f.id WHERE f.account_id = $1 ORDER BY f.created_at`,
        [accountId],
      ),
      db.query(`SELECT experiment, name, at, value FROM usage_events WHERE account_id = $1 ORDER BY at`, [accountId]),
    ]);
    return { feedback: feedback.rows, usageEvents: usage.rows };
  },
};
