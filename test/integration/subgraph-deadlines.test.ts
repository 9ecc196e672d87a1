import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'graphql';
import { GuardedDataSource } from '../../gateway/guarded-data-source';
import { SubgraphHealth } from '../../gateway/subgraph-health';
import { SlaStanding } from '../../gateway/sla-standing';
import { subgraphPolicies } from '../../gateway/subgraph-policy';
import { createLogger } from '../../common/logger';

/**
 * Each subgraph fetch carries its own deadline, chosen from its document: a query's (short) or a
 * mutation's (long, since abandoning a write does not stop it). The deadline travels with the
 * fetch itself, so two fetches in flight at once through the same data source keep their own.
 * A stand-in subgraph answers every call after 600 ms; queries may wait 150 ms, mutations 5 s.
 */
describe('subgraph deadlines per fetch', () => {
  const server = http.createServer((req, res) => {
    req.resume();
    setTimeout(() => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { ok: true } }));
    }, 600);
  });
  let source: GuardedDataSource;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const policy = { ...subgraphPolicies({}).feedback, timeoutMs: 150, mutationTimeoutMs: 5_000 };
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    source = new GuardedDataSource(policy, url, 'deadline-test-secret-of-some-length', new SubgraphHealth(policy, new SlaStanding(60)), createLogger('gateway', 'error'));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const fetchOf = (query: string) =>
    // Apollo's request kinds are a type-only enum: its value is written out.
    source.process({ kind: 'health check', request: { query }, context: {}, document: parse(query) } as never);

  it('gives up on a slow query at its deadline, and waits for a slow mutation, both in flight at once', async () => {
    const [query, mutation] = await Promise.all([fetchOf('query Read { ok }'), fetchOf('mutation Write { ok }')]);
    expect(query.data).toBeUndefined();
    expect(query.errors?.map((e) => [e.extensions?.code, e.message.match(/\((.*?)\)/)?.[1]])).toEqual([['SERVICE_UNAVAILABLE', 'no answer within 150 ms']]);
    expect(mutation).toMatchObject({ data: { ok: true } });
    expect(mutation.errors).toBeUndefined();
  });
});
