/**
 * Request cost limits at the gateway, over HTTP: each attack is refused with QUERY_TOO_COMPLEX
 * (HTTP 400, no data) before any subgraph is called, and the queries clients and staff really run
 * pass. The attacks go to a gateway of this file's own whose subgraph URLs are counting proxies in
 * front of the shared platform's subgraphs, so "no subgraph was called" is observed, not inferred.
 */
import { freePorts } from '../support/free-port';
import { gql, type GqlResponse } from '../support/graphql-client';
import { launchExperiment, makeCompliantUser, makeCrew, ok } from '../support/experiments';
import { subgraphUrlEnv, testPlatform } from '../support/platform';
import { SUBGRAPH_NAMES } from '../../common/subgraph-registry';
import { spawnNode, stopNode, waitForHttpOk, type NodeProcess } from '../support/processes';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy';

const SUBGRAPHS = SUBGRAPH_NAMES;

const BOOTSTRAP = `query Bootstrap { me { id email channel consent { compliant pending { kind version } experimentalOptIn } enabledFeatures { slug tier revision { version addonId url sha256 } } } }`;

function fanOut(levels: number): string {
  let doc = 'query FanOut { ...F0 }\n';
  for (let i = 0; i < levels; i++) doc += `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }\n`;
  return `${doc}fragment F${levels} on Query { agreements { kind } }`;
}
const aliases = (n: number, selection: string) => `query Aliases { ${Array.from({ length: n }, (_, i) => `a${i}: ${selection}`).join(' ')} }`;
function tooDeep(): string {
  let selection = 'slug';
  for (let i = 0; i < 7; i++) selection = `myEnrollment { experiment { ${selection} } }`;
  return `query Deep { experiments { ${selection} } }`;
}

/** Each attack, the limit expected to refuse it first, and the measured value its message names. */
const ATTACKS: [name: string, query: string, limit: string, message: RegExp][] = [
  ['a 2^24 fragment fan-out (1 KB)', fanOut(24), 'rootFields', /16777216 top-level fields; the limit is 10/],
  ['10,000 aliases of agreements { kind }', aliases(10_000, 'agreements { kind }'), 'tokens', /more than 2000 tokens; the limit is 2000/],
  ['5,000 aliases of agreement texts', aliases(5_000, 'agreements { versions { text } }'), 'tokens', /more than 2000 tokens/],
  ['2,000 aliases of me { consent }', aliases(2_000, 'me { consent { compliant } }'), 'tokens', /more than 2000 tokens/],
  ['11 top-level fields', `query Roots { ${'agreements { kind } '.repeat(11)}}`, 'rootFields', /11 top-level fields; the limit is 10/],
  ['21 directives', `query Directives { me { ${'id @include(if: true) '.repeat(21)}} }`, 'directives', /21 directives; the limit is 20/],
  ['21 aliases', `query TooManyAliases { me { ${Array.from({ length: 21 }, (_, i) => `a${i}: id`).join(' ')} } }`, 'aliases', /21 aliases; the limit is 20/],
  ['a document of 1 MB of tokens', `query Tokens { me { ${'id '.repeat(340_000)}} }`, 'tokens', /more than 2000 tokens/],
  ['a query nested 16 levels deep', tooDeep(), 'depth', /nested 16 levels deep; the limit is 12/],
  ['nested pages of 100 × 100', `query Costly { experiments(first: 100) { slug revisions(first: 100) { version url sha256 releasedAt } } }`, 'cost', /about 40201 fields; the limit is 10000/],
];

async function post(url: string, query: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

describe('request cost limits (anonymous attacks, own gateway behind counting proxies)', () => {
  let gateway: NodeProcess | undefined;
  let proxies: RecordingProxy[] = [];
  let url: string;
  const forwarded = () => proxies.reduce((sum, p) => sum + p.graphqlRequests(), 0);

  beforeAll(async () => {
    const platform = testPlatform();
    const [port, ...proxyPorts] = await freePorts(1 + SUBGRAPHS.length);
    proxies = await Promise.all(SUBGRAPHS.map((name, i) => startRecordingProxy(proxyPorts[i], `http://127.0.0.1:${platform.subgraphPorts[name]}`)));
    gateway = spawnNode('gateway/main.ts', [], {
      PORT: String(port),
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_SECRET: platform.gatewaySecret,
      ...subgraphUrlEnv(platform, Object.fromEntries(SUBGRAPHS.map((name, i) => [name, proxies[i].url]))),
      LOG_LEVEL: 'warn',
    });
    await waitForHttpOk(`http://127.0.0.1:${port}/healthz`, gateway);
    url = `http://127.0.0.1:${port}/graphql`;
  });

  afterAll(async () => {
    await stopNode(gateway);
    await Promise.all(proxies.map((p) => p.close()));
  });

  it.each(ATTACKS)('refuses %s with QUERY_TOO_COMPLEX before calling any subgraph', async (_name, query, limit, message) => {
    const before = forwarded();
    const { status, body } = await post(url, query);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
    expect(body.errors?.[0].message).toMatch(message);
    expect(forwarded()).toBe(before);
  });

  it('forwards an ordinary query through the same proxies (so the count above would have seen a call)', async () => {
    const before = forwarded();
    const { status, body } = await post(url, `query Kinds { agreements { kind } }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(forwarded()).toBeGreaterThan(before);
  });
});

describe('request cost limits leave real operations alone (shared gateway)', () => {
  const okData = <T>(res: GqlResponse<T>) => ok(res);

  it('serves the Bootstrap query of a signed-in, consenting user', async () => {
    const user = await makeCompliantUser('bootstrap-limits');
    const data = okData(await gql<{ me: { id: string; consent: { compliant: boolean } } }>(BOOTSTRAP, {}, { token: user.accessToken }));
    expect(data.me).toMatchObject({ id: user.accountId, consent: { compliant: true } });
  });

  it('serves a large staff query with fragments, lists and pages', async () => {
    const crew = await makeCrew();
    const slug = await launchExperiment(crew);
    const query = `query StaffDashboard($slug: String!) {
      experiments(status: IN_BETA) { ...Summary gateStatus { to gate allowed missing details callerMayPerform } }
      experiment(slug: $slug) {
        ...Summary
        owner { id displayName }
        entryCriteria { criterion required checked checkedBy { id } note }
        signOffs(includeVoided: true) { kind gate revision voided voidedReason signer { id } }
        revisions { version url sha256 releasedBy { id } }
        reviews { decision notes reviewer { id } }
        auditLog { action from to reason actor { id } at }
        gateStatus { to allowed missing details }
        feedbackSummary { count happy sad last7Days { count } last30Days { count } }
        adoption { enrolledAccounts activeAccounts7d activeAccounts30d }
      }
      experimentLifecycle { from to gate roles }
    }
    fragment Summary on Experiment { slug name status tier rolloutPercent reviewOverdue enrolledAccounts currentRevision { version releasedAt } }`;
    const data = okData(await gql<{ experiment: { slug: string; signOffs: unknown[]; auditLog: unknown[] } }>(query, { slug }, { token: crew.approver.accessToken }));
    expect(data.experiment.slug).toBe(slug);
    expect(data.experiment.signOffs).toHaveLength(6);
    expect(data.experiment.auditLog.length).toBeGreaterThan(5);
  });

  it('refuses an attack on the shared gateway too, for an anonymous caller', async () => {
    const anonymous = await gql(fanOut(24));
    expect(anonymous.status).toBe(400);
    expect(anonymous.data).toBeUndefined();
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toContain('QUERY_TOO_COMPLEX');
    const next = await gql(`query Kinds { agreements { kind } }`);
    expect(next.errors).toBeUndefined();
  });
});
