/**
 * Account deletion leaves nothing behind in any subgraph, whatever tables a subgraph adds: for every
 * subgraph but identity (which owns accounts and erases its own rows in the saga, see
 * account-deletion.test.ts), the columns of its database that hold account ids are found in the
 * catalog, not listed here. A subgraph declared as holding account data gets a fresh account into
 * every one of them through the API (its fixture, test/support/account-fixtures/<name>.ts), then its
 * erase route is called as identity's saga calls it, and no row may still hold the account except in
 * the columns its declaration keeps on purpose, each with its reason (keepsAccountIds in
 * common/subgraph-registry.ts). A subgraph declared as holding none must have no such column at all.
 */
import { ACCOUNT_OWNER, SUBGRAPH_NAMES, declarationOf, type SubgraphName } from '../../common/subgraph-registry';
import { accountIdColumns, reviewAccountColumns, rowsHolding } from '../support/account-columns';
import { callAccountDataRoute } from '../support/account-data-routes';
import { accountDataWorld, type AccountDataFixture } from '../support/account-fixtures/world';
import { signUpUser } from '../support/graphql-client';

const world = accountDataWorld();

function fixtureFor(subgraph: SubgraphName): AccountDataFixture {
  try {
    // require, not import: which fixture is chosen by the registry at run time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time, loaded synchronously
    return require(`../support/account-fixtures/${subgraph}`) as AccountDataFixture;
  } catch (error) {
    throw new Error(`${subgraph} holds account data but has no test/support/account-fixtures/${subgraph}.ts exporting fillAccountData (${(error as Error).message})`);
  }
}

describe.each(SUBGRAPH_NAMES.filter((name) => name !== ACCOUNT_OWNER).map((name) => [name]))('account data of the %s subgraph', (subgraph) => {
  const declaration = declarationOf(subgraph);

  it(declaration.holdsAccountData
    ? 'is all erased by its erase hook, except the account ids its declaration keeps on purpose'
    : 'does not exist: no column of its database holds account ids', async () => {
    const columns = await accountIdColumns(declaration.database);
    const review = reviewAccountColumns(subgraph, declaration, columns);
    expect(review.problems).toEqual([]);
    if (!declaration.holdsAccountData) {
      expect(columns).toEqual([]);
      return;
    }
    expect(review.mustErase.length).toBeGreaterThan(0);

    const user = await signUpUser(`coverage-${subgraph}`);
    await fixtureFor(subgraph).fillAccountData(user, world);
    const before = await rowsHolding(declaration.database, user.accountId, columns);
    // A column the fixture does not reach would pass without proving anything: extend the fixture.
    expect({ subgraph, notReachedByFixture: review.mustErase.filter((c) => !before[c]) }).toEqual({ subgraph, notReachedByFixture: [] });

    const erased = await callAccountDataRoute(subgraph, user.accountId, 'erase');
    expect(erased.status).toBe(200);
    const after = await rowsHolding(declaration.database, user.accountId, columns);
    expect({ subgraph, leftAfterErase: Object.keys(after).filter((c) => review.mustErase.includes(c)) }).toEqual({ subgraph, leftAfterErase: [] });
  }, 120_000);
});
