import { signUpUser } from '../support/graphql-client';
import { acceptCurrent } from '../support/agreements';
import { callSubgraph, signedCaller, statementsOf, warmStatements } from '../support/subgraph-client';

const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Account { id consent { compliant experimentalOptIn pending { kind } accepted { kind version { version } } } } }
}`;

/** The SQL statements agreements runs for one `_entities` call (exact: answered per request). */
async function statementsFor(ids: string[]): Promise<number> {
  const caller = signedCaller({ accountId: '00000000-0000-4000-8000-000000000001', roles: ['USER', 'LEGAL'] });
  const { data, statements } = await statementsOf<{ _entities: { id: string; consent: { compliant: boolean } }[] }>(
    'agreements', ENTITIES, { representations: ids.map((id) => ({ __typename: 'Account', id })) }, caller,
  );
  expect(data._entities).toHaveLength(ids.length);
  return statements;
}

describe('Account.consent batching', () => {
  it('costs the same number of SQL statements for 1 and for 100 accounts', async () => {
    const users = await Promise.all(Array.from({ length: 10 }, (_, i) => signUpUser(`batch${i}`)));
    await Promise.all(users.slice(0, 5).map((u) => acceptCurrent(u.accessToken, ['TERMS_OF_SERVICE', 'PRIVACY_POLICY'])));
    const ids = Array.from({ length: 100 }, (_, i) => users[i % users.length].accountId);
    const hundred = [...new Set(ids)].concat(Array.from({ length: 90 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`));
    expect(hundred).toHaveLength(100);
    const one = await warmStatements(() => statementsFor([users[0].accountId]));
    const many = await warmStatements(() => statementsFor(hundred));
    // The accepted versions of every account asked, in one statement: the catalog is in memory
    // (a version published meanwhile would make one request reload it: one statement more).
    expect(one.warm).toBe(1);
    expect(many.warm).toBe(1);
    expect(Math.max(one.worst, many.worst)).toBeLessThanOrEqual(2);
  });

  it('refuses another account\'s consent to a non-staff caller', async () => {
    const [a, b] = await Promise.all([signUpUser('owner'), signUpUser('other')]);
    const res = await callSubgraph('agreements', ENTITIES, { representations: [{ __typename: 'Account', id: a.accountId }] }, signedCaller({ accountId: b.accountId, roles: ['USER'] }));
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
