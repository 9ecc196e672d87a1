/**
 * What experiments holds about one account, for identity's deleteAccount and exportMyData.
 * Erased: the account's enrollments and their history (its own choices). Kept: staff records of
 * the beta process (proposals, sign-offs, criteria checks, reviews, releases, audit entries) that
 * name the account id as actor; they are the accountability trail of decisions, the audit log is
 * append-only, and once identity erases the account the id no longer leads to a person.
 */
import type { AccountDataHandlers } from '../kit/account-data';
import type { Database } from '../kit/database';

export const experimentsAccountData: AccountDataHandlers = {
  async erase(db: Database, accountId: string): Promise<number> {
    return db.transaction(async (tx) => {
      const events = await tx.query(`DELETE FROM enrollment_events WHERE account_id = $1`, [accountId]);
      const enrollments = await tx.query(`DELETE FROM enrollments WHERE account_id = $1`, [accountId]);
      return events.rowCount + enrollments.rowCount;
    });
  },

  async export(db: Database, accountId: string): Promise<Record<string, unknown>> {
    const [enrollments, history, staff] = await Promise.all([
      db.query(
        `SELECT e.slug AS experiment, n.status, n.updated_at AS "updatedAt"
           FROM enrollments n JOIN experiments e ON e.id = n.experiment_id WHERE n.account_id = $1 ORDER BY e.slug`,
        [accountId],
      ),
      db.query(
        `SELECT e.slug AS experiment, v.status, v.at, v.client
           FROM enrollment_events v JOIN experiments e ON e.id = v.experiment_id WHERE v.account_id = $1 ORDER BY v.id`,
        [accountId],
      ),
      db.query(
        `SELECT e.slug AS experiment, a.action, a.at, a.from_status AS "from", a.to_status AS "to", a.reason
           FROM audit_log a JOIN experiments e ON e.id = a.experiment_id WHERE a.actor_id = $1 ORDER BY a.id`,
        [accountId],
      ),
    ]);
    return { enrollments: enrollments.rows, enrollmentHistory: history.rows, staffActions: staff.rows };
  },
};
