/**
 * Joining a channel. Identity owns `Account.channel`, so it owns the mutation; the EXPERIMENTAL
 * precondition (the experimental opt-in) is owned by agreements and read through federation's
 * entity protocol at mutation time. Withdrawing the opt-in later needs no call back here:
 * experiments gives EXPERIMENTAL-tier features only while consent says the opt-in holds.
 */
import type { CallerContext } from '../../common/caller-context';
import type { Sql } from '../kit/database';
import { fetchEntity } from '../kit/entity-client';
import { failedPrecondition } from '../kit/errors';
import { ACCOUNT_COLUMNS, type Account, type Channel } from './accounts';

export type OptInLookup = (accountId: string, caller: CallerContext) => Promise<boolean>;

export const experimentalOptInFromAgreements: OptInLookup = async (accountId, caller) => {
  const entity = await fetchEntity<{ consent: { experimentalOptIn: boolean } }>(
    'agreements', { __typename: 'Account', id: accountId }, '{ consent { experimentalOptIn } }', caller,
  );
  return entity?.consent.experimentalOptIn === true;
};

export async function joinChannel(sql: Sql, accountId: string, channel: Channel, caller: CallerContext, hasOptIn: OptInLookup = experimentalOptInFromAgreements): Promise<Account> {
  if (channel === 'EXPERIMENTAL' && !(await hasOptIn(accountId, caller))) {
    throw failedPrecondition(
      'The EXPERIMENTAL channel needs the Experimental Features Opt-in: accept its current version (acceptAgreements), then join again.',
      ['EXPERIMENTAL_OPT_IN'],
    );
  }
  const { rows } = await sql.query<Account>(
    `UPDATE accounts a SET channel = $2, updated_at = now() WHERE a.id = $1 RETURNING ${ACCOUNT_COLUMNS}`,
    [accountId, channel],
  );
  return rows[0];
}
