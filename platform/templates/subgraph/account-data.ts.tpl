/**
 * Erasure and export of what the {{name}} subgraph holds about one account, called by identity's
 * deleteAccount and exportMyData (the subgraph is declared with holdsAccountData in
 * common/subgraph-registry.ts). Every table with an account column must be cleared here, or listed
 * with its reason in keepsAccountIds: test/e2e/account-data-coverage.test.ts checks both.
 */
import type { AccountDataHandlers } from '../kit/account-data';

export const {{name}}AccountData: AccountDataHandlers = {
  async erase(db, accountId) {
    return (await db.query(`DELETE FROM notes WHERE account_id = $1`, [accountId])).rowCount;
  },
  async export(db, accountId) {
    const { rows } = await db.query(`SELECT text AS note, updated_at AS "updatedAt" FROM notes WHERE account_id = $1`, [accountId]);
    return rows[0] ?? { note: null, updatedAt: null };
  },
};
