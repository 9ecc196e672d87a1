/** Erasure and export of one account's consent records (called by identity's deleteAccount / exportMyData). */
import type { AccountDataHandlers } from '../kit/account-data';
import { loadChain } from './ledger';
import { loadAccepted } from './consent';

export const agreementsAccountData: AccountDataHandlers = {
  // The dedicated database function is the only way to remove ledger rows; it leaves a tombstone.
  async erase(db, accountId) {
    const { rows } = await db.query<{ erased: number }>(`SELECT erase_account_consent($1::uuid) AS erased`, [accountId]);
    return rows[0].erased;
  },
  async export(db, accountId) {
    const [accepted, ledger] = await Promise.all([loadAccepted(db, [accountId]), loadChain(db, accountId)]);
    return {
      accepted: accepted.map(({ kind, versionId, acceptedAt }) => ({ kind, versionId, acceptedAt })),
      ledger: ledger.map(({ accountId: _a, ...event }) => event),
    };
  },
};
