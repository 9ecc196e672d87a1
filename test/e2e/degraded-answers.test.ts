/**
 * One slow or dead subgraph costs only its own fields. The gateway of this file sits in front of the
 * shared subgraphs through proxies that can play a dead (dropped connections) or hung (never
 * answering) subgraph: Bootstrap still answers HTTP 200 with the critical part, nulls where the
 * missing subgraph's fields go and SERVICE_UNAVAILABLE errors whose paths point at them; a hung
 * subgraph costs its timeout, not the whole request; repeated failures open the breaker, which
 * then fails fast without calling the subgraph, and closes again after a successful probe.
 */
import { freePorts } from '../support/free-port';
import { gql, type GqlResponse, type TestUser } from '../support/graphql-client';
import { launchExperiment, makeCompliantUser, makeCrew } from '../support/experiments';
import { subgraphUrlEnv, testPlatform } from '../support/platform';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../common/subgraph-registry';
import { startOwnGateway } from '../support/gateway-process';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy';
import { testClient } from '../support/typed-client';
import { BootstrapDocument, fieldError } from '../../client';

const BOOTSTRAP = `query Bootstrap { me { id email channel consent { compliant pending { kind version } experimentalOptIn } enabledFeatures { slug tier revision { version addonId url sha256 } } } }`;
const NAMES = SUBGRAPH_NAMES;
type Name = SubgraphName;

interface Bootstrap {
  me: {
    id: string; email: string; channel: string;
    consent: { compliant: boolean } | null;
    enabledFeatures: { slug: string }[] | null;
  } | null;
}

async function gatewayBehindProxies(env: Record<string, string>) {
  const p = testPlatform();
  const ports = await freePorts(NAMES.length);
  const proxies = Object.fromEntries(
    await Promise.all(NAMES.map(async (name, i) => [name, await startRecordingProxy(ports[i], `http://127.0.0.1:${p.subgraphPorts[name]}`)] as const)),
  ) as Record<Name, RecordingProxy>;
  const gateway = await startOwnGateway({
    ...subgraphUrlEnv(p, Object.fromEntries(NAMES.map((name) => [name, proxies[name].url]))),
    ...env,
  });
  return { gateway, proxies, stop: async () => { await gateway.stop(); await Promise.all(Object.values(proxies).map((x) => x.close())); } };
}

const unavailable = (res: GqlResponse<unknown>) => (res.errors ?? []).filter((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE');

describe('answers without a failed optional or critical subgraph', () => {
  let setup: Awaited<ReturnType<typeof gatewayBehindProxies>>;
  let member: TestUser;
  let slug: string;
  const bootstrap = () => gql<Bootstrap>(BOOTSTRAP, {}, { token: member.accessToken, url: setup.gateway.url });

  beforeAll(async () => {
    // A breaker that never opens here: this block is about single failures and timeouts.
    setup = await gatewayBehindProxies({ EXPERIMENTS_TIMEOUT_MS: '400', AGREEMENTS_TIMEOUT_MS: '400', FEEDBACK_TIMEOUT_MS: '400', BREAKER_MIN_CALLS: '100000' });
    const crew = await makeCrew();
    slug = await launchExperiment(crew);
    member = await makeCompliantUser('degraded');
  });
  afterEach(() => NAMES.forEach((name) => setup.proxies[name].setMode('forward')));
  afterAll(() => setup.stop());

  it('serves the whole Bootstrap while every subgraph answers', async () => {
    const res = await bootstrap();
    expect(res.errors).toBeUndefined();
    expect(res.data?.me?.enabledFeatures?.map((f) => f.slug)).toContain(slug);
  });

  it('experiments dead: HTTP 200, the account and its consent, enabledFeatures null with an error pointing at it', async () => {
    setup.proxies.experiments.setMode('drop');
    const res = await bootstrap();
    expect(res.status).toBe(200);
    expect(res.data?.me).toMatchObject({ id: member.accountId, email: member.email, channel: 'BETA', consent: { compliant: true }, enabledFeatures: null });
    const errors = unavailable(res);
    expect(errors.map((e) => e.path)).toEqual([['me', 'enabledFeatures']]);
    expect(errors[0].message).toMatch(/^The experiments service is unavailable \(it could not be reached\)/);
    expect(JSON.stringify(res.errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|socket|extensions":\{[^}]*"response"/);
  });

  it('experiments dead, through the typed client: the data AND the error of the missing field; the partial answer is never revalidated', async () => {
    const client = testClient({ url: setup.gateway.url, clientKind: 'addon', tokens: { accessToken: member.accessToken, refreshToken: member.refreshToken } });
    expect(await client.request(BootstrapDocument)).toMatchObject({ ok: true, errors: [], notModified: false });
    setup.proxies.experiments.setMode('drop');
    const partial = await client.request(BootstrapDocument);
    expect(partial).toMatchObject({ ok: true, notModified: false, data: { me: { id: member.accountId, consent: { compliant: true }, enabledFeatures: null } } });
    expect(fieldError(partial, 'me', 'enabledFeatures')).toMatchObject({ code: 'SERVICE_UNAVAILABLE', path: ['me', 'enabledFeatures'] });
    expect(fieldError(partial, 'me', 'consent')).toBeUndefined();
    setup.proxies.experiments.setMode('forward');
    expect(await client.request(BootstrapDocument)).toMatchObject({ ok: true, errors: [], notModified: false });
    // The complete answer's ETag went along the second time; the partial answer had none to keep.
    expect(client.exchanges.map((e) => [e.status, e.headers['if-none-match'] !== undefined])).toEqual([[200, false], [200, true], [200, false]]);
  });

  it('experiments hung: the answer comes after its timeout, not when it wakes up', async () => {
    setup.proxies.experiments.setMode('hang');
    const res = await bootstrap();
    expect(res.status).toBe(200);
    expect(res.data?.me).toMatchObject({ id: member.accountId, consent: { compliant: true }, enabledFeatures: null });
    expect(unavailable(res).map((e) => [e.path, e.message.match(/\((.*?)\)/)?.[1]])).toEqual([[['me', 'enabledFeatures'], 'no answer within 400 ms']]);
  });

  it('agreements dead: the account still has id, email and channel; consent is null with an error pointing at it; no feature without consent', async () => {
    setup.proxies.agreements.setMode('drop');
    const res = await bootstrap();
    expect(res.status).toBe(200);
    expect(res.data?.me).toMatchObject({ id: member.accountId, email: member.email, channel: 'BETA', consent: null });
    expect(res.data?.me?.enabledFeatures ?? []).toEqual([]); // features fail closed without consent
    expect(unavailable(res).map((e) => e.path)).toContainEqual(['me', 'consent']);
  });

  it('feedback dead: an experiment still answers, its feedbackSummary null with an error pointing at it', async () => {
    setup.proxies.feedback.setMode('drop');
    const res = await gql<{ experiment: { slug: string; feedbackSummary: unknown } }>(
      `query($slug: String!) { experiment(slug: $slug) { slug feedbackSummary { count } } }`, { slug }, { url: setup.gateway.url },
    );
    expect(res.status).toBe(200);
    expect(res.data?.experiment).toEqual({ slug, feedbackSummary: null });
    expect(unavailable(res).map((e) => e.path)).toEqual([['experiment', 'feedbackSummary']]);
  });
});

describe('the circuit breaker of a subgraph', () => {
  let setup: Awaited<ReturnType<typeof gatewayBehindProxies>>;
  let member: TestUser;
  const bootstrap = () => gql<Bootstrap>(BOOTSTRAP, {}, { token: member.accessToken, url: setup.gateway.url });
  const breakerState = async () => {
    const metrics = await (await fetch(`${setup.gateway.opsUrl}/metrics`)).text();
    return Number(/^gateway_subgraph_breaker_state\{subgraph="experiments",tier="BETA"\} (\d)$/m.exec(metrics)?.[1]);
  };

  beforeAll(async () => {
    setup = await gatewayBehindProxies({ EXPERIMENTS_TIMEOUT_MS: '400', BREAKER_MIN_CALLS: '3', BREAKER_OPEN_SECONDS: '1' });
    member = await makeCompliantUser('breaker');
  });
  afterAll(() => setup.stop());

  it('opens after repeated failures, fails fast without calling the subgraph, and closes after a successful probe', async () => {
    setup.proxies.experiments.setMode('drop');
    for (let i = 0; i < 3; i++) expect(unavailable(await bootstrap()).map((e) => e.path)).toEqual([['me', 'enabledFeatures']]);
    expect(await breakerState()).toBe(2); // open

    const calls = setup.proxies.experiments.graphqlRequests();
    const fast = await bootstrap();
    expect(fast.data?.me).toMatchObject({ id: member.accountId, consent: { compliant: true }, enabledFeatures: null });
    expect(unavailable(fast)[0].message).toMatch(/failed repeatedly just now/);
    expect(setup.proxies.experiments.graphqlRequests()).toBe(calls); // not called while open

    setup.proxies.experiments.setMode('forward');
    await new Promise((r) => setTimeout(r, 1200)); // BREAKER_OPEN_SECONDS: the next call is the probe
    const probed = await bootstrap();
    expect(probed.errors).toBeUndefined();
    expect(probed.data?.me?.enabledFeatures).toEqual(expect.any(Array));
    expect(await breakerState()).toBe(0); // closed again
  });
});
