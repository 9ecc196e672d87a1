/** The experiments part of deleteAccount / exportMyData: the internal account-data routes of the subgraph. */
import { randomUUID } from 'node:crypto';
import { encodeCaller, SYSTEM_ROLE } from '../../common/caller-context';
import { gql } from '../support/graphql-client';
import { withDatabase } from '../support/database';
import { testPlatform } from '../support/platform';
import { launchExperiment, makeCompliantUser, makeCrew, ok } from '../support/experiments';

function systemCall(accountId: string, path: 'erase' | 'export', roles: string[] = [SYSTEM_ROLE]) {
  const p = testPlatform();
  const url = `http://127.0.0.1:${p.subgraphPorts.experiments}/internal/accounts/${accountId}/${path}`;
  const method = path === 'erase' ? 'POST' : 'GET';
  const headers = encodeCaller(
    { accountId, roles, sessionId: null, requestId: randomUUID(), client: 'OTHER', clientAddress: null, userAgent: 'test', issuedAt: Date.now() },
    { subgraph: 'experiments', method, url },
    p.gatewaySecret,
  );
  return fetch(url, { method, headers });
}

describe('experiments account data (erase and export)', () => {
  it('exports the account\'s enrollments with history, then erases them (idempotently)', async () => {
    const [crew, user] = await Promise.all([makeCrew(), makeCompliantUser('erasable')]);
    const slug = await launchExperiment(crew, { optInPolicy: 'PER_EXPERIMENT' });
    ok(await gql(`mutation ($s: String!) { optIn(experiment: $s) { status } }`, { s: slug }, { token: user.accessToken }));
    ok(await gql(`mutation ($s: String!) { optOut(experiment: $s) { status } }`, { s: slug }, { token: user.accessToken }));

    const refused = await systemCall(user.accountId, 'export', ['USER']);
    expect(refused.status).toBe(403);

    const exported = (await (await systemCall(user.accountId, 'export')).json()) as { data: { enrollments: unknown[]; enrollmentHistory: unknown[] } };
    expect(exported.data.enrollments).toEqual([expect.objectContaining({ experiment: slug, status: 'OPTED_OUT' })]);
    expect(exported.data.enrollmentHistory).toEqual([
      expect.objectContaining({ experiment: slug, status: 'OPTED_IN' }),
      expect.objectContaining({ experiment: slug, status: 'OPTED_OUT' }),
    ]);

    expect(await (await systemCall(user.accountId, 'erase')).json()).toEqual({ erased: 3 });
    expect(await (await systemCall(user.accountId, 'erase')).json()).toEqual({ erased: 0 });
    const left = await withDatabase('beta_experiments', async (db) =>
      (await db.query(`SELECT (SELECT count(*) FROM enrollments WHERE account_id = $1) + (SELECT count(*) FROM enrollment_events WHERE account_id = $1) AS n`, [user.accountId])).rows[0].n);
    expect(Number(left)).toBe(0);
  });
});
