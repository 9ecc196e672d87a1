/**
 * Account.enabledFeatures through the gateway: one SQL statement (the catalog is in memory)
 * whatever the number of experiments, the Bootstrap query, tiers and channels, opt-in policies and enrollment history.
 */
import { gql, errorCodes, type TestUser } from '../support/graphql-client';
import { signedCaller, statementsOf, warmStatements } from '../support/subgraph-client';
import { launchExperiment, makeCompliantUser, makeCrew, ok, randomSha256, type Crew } from '../support/experiments';

const FEATURES = `query Features {
  me { enabledFeatures { slug tier revision { version } } suspendedFeatures { slug reason reasons } }
}`;
interface Features {
  me: { enabledFeatures: { slug: string; tier: string; revision: { version: string } }[]; suspendedFeatures: { slug: string; reason: string; reasons: string[] }[] };
}

const as = (user: TestUser) => ({ token: user.accessToken });

const ENTITY_FEATURES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Account { enabledFeatures { slug tier revision { version } } } }
}`;

describe('Account.enabledFeatures (through the gateway)', () => {
  let crew: Crew;
  let member: TestUser;
  const features = async (user: TestUser = member) => ok(await gql<Features>(FEATURES, {}, as(user))).me;
  const enabledSlugs = async (user: TestUser = member) => (await features(user)).enabledFeatures.map((f) => f.slug);
  const suspension = async (slug: string, user: TestUser = member) => (await features(user)).suspendedFeatures.find((f) => f.slug === slug);

  beforeAll(async () => {
    [crew, member] = await Promise.all([makeCrew(), makeCompliantUser('features')]);
  });

  /**
   * SQL statements the experiments subgraph runs for the member's features: the `_entities` call the
   * gateway makes for Bootstrap (channel and consent in the representation, as @requires passes
   * them), sent directly so the subgraph's per-request count is this query's alone.
   */
  async function roundTrips(): Promise<{ queries: number; enabled: string[] }> {
    const representation = {
      __typename: 'Account', id: member.accountId, channel: 'BETA',
      consent: { compliant: true, experimentalOptIn: true, accepted: ['TERMS_OF_SERVICE', 'PRIVACY_POLICY', 'EXPERIMENTAL_OPT_IN'].map((kind) => ({ kind })) },
    };
    const { data, statements } = await statementsOf<{ _entities: { enabledFeatures: { slug: string }[] }[] }>(
      'experiments', ENTITY_FEATURES, { representations: [representation] }, signedCaller({ accountId: member.accountId, roles: ['USER'] }),
    );
    const enabled = data._entities[0].enabledFeatures.map((f) => f.slug);
    // The gateway gives the same answer for this test's own experiments (other files launch and
    // kill theirs meanwhile, so the whole lists may differ by a moment).
    const own = (slugs: string[]) => slugs.filter((slug) => slug.endsWith(member.accountId.slice(0, 6))).sort();
    expect(own(enabled)).toEqual(own(await enabledSlugs()));
    return { queries: statements, enabled };
  }

  it('costs one SQL statement (the enrollments) with one more experiment or five more, the catalog being in memory; two when it reloads', async () => {
    const first = await launchExperiment(crew, { slug: `trips-a-${member.accountId.slice(0, 6)}` });
    const one = await roundTrips();
    expect(one.enabled).toContain(first);
    const oneCost = await warmStatements(async () => (await roundTrips()).queries);

    const more = await Promise.all(Array.from({ length: 5 }, (_, i) => launchExperiment(crew, { slug: `trips-${i}-${member.accountId.slice(0, 6)}` })));
    const many = await roundTrips();
    expect(many.enabled).toEqual(expect.arrayContaining([first, ...more]));
    const manyCost = await warmStatements(async () => (await roundTrips()).queries);
    // Warm: the account's enrollments only. A launch anywhere (other test files launch and kill
    // experiments meanwhile) makes the next request reload the catalog: one statement more.
    expect(oneCost).toEqual({ warm: 1, worst: expect.any(Number) });
    expect(manyCost.warm).toBe(1);
    expect(Math.max(one.queries, many.queries, oneCost.worst, manyCost.worst)).toBeLessThanOrEqual(2);
  });

  it('answers the Bootstrap query of the architecture in one request', async () => {
    const slug = await launchExperiment(crew);
    const res = await gql<{ me: Record<string, unknown> & { enabledFeatures: { slug: string; tier: string; revision: Record<string, string> }[] } }>(
      `query Bootstrap {
        me {
          id email channel
          consent { compliant pending { kind version } experimentalOptIn }
          enabledFeatures { slug tier revision { version addonId url sha256 } }
        }
      }`,
      {},
      as(member),
    );
    expect(res.errors).toBeUndefined();
    const me = res.data!.me;
    expect(me).toMatchObject({ id: member.accountId, email: member.email, channel: 'BETA', consent: { compliant: true, pending: [], experimentalOptIn: true } });
    const feature = me.enabledFeatures.find((f) => f.slug === slug)!;
    expect(feature).toMatchObject({ slug, tier: 'BETA', revision: { version: '1.0.0', addonId: `${slug}@beta.example.org`, url: expect.stringMatching(/^https:\/\//) } });
    expect(feature.revision.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serves the EXPERIMENTAL tier only to the EXPERIMENTAL channel with the experimental opt-in', async () => {
    const slug = await launchExperiment(crew, { tier: 'EXPERIMENTAL' });
    expect(await suspension(slug)).toEqual({ slug, reason: 'CHANNEL', reasons: ['CHANNEL'] });

    ok(await gql(`mutation { joinChannel(channel: EXPERIMENTAL) { channel } }`, {}, as(member)));
    expect(await enabledSlugs()).toContain(slug);

    ok(await gql(`mutation { withdrawConsent(kind: EXPERIMENTAL_OPT_IN) { compliant experimentalOptIn } }`, {}, as(member)));
    expect(await suspension(slug)).toEqual({ slug, reason: 'EXPERIMENTAL_OPT_IN_MISSING', reasons: ['EXPERIMENTAL_OPT_IN_MISSING'] });
  });

  it('keeps optIn/optOut idempotent with history, and lets an optOut win over the CHANNEL policy', async () => {
    const user = await makeCompliantUser('enroll');
    const slug = await launchExperiment(crew, { optInPolicy: 'CHANNEL' });
    expect(await enabledSlugs(user)).toContain(slug);

    const OPT = (m: string) => `mutation ($slug: String!) { ${m}(experiment: $slug) { status experiment { slug } history { status at } } }`;
    ok(await gql(OPT('optOut'), { slug }, as(user)));
    const out = ok(await gql<{ optOut: { status: string; history: { status: string }[] } }>(OPT('optOut'), { slug }, as(user))).optOut;
    expect(out.status).toBe('OPTED_OUT');
    expect(out.history.map((h) => h.status)).toEqual(['OPTED_OUT']);
    expect(await suspension(slug, user)).toMatchObject({ reason: 'OPTED_OUT' });

    // Concurrent identical opt-ins add one history entry, not two.
    await Promise.all([gql(OPT('optIn'), { slug }, as(user)), gql(OPT('optIn'), { slug }, as(user))]);
    const mine = ok(await gql<{ me: { enrollments: { status: string; experiment: { slug: string }; history: { status: string }[] }[] } }>(
      `query { me { enrollments { status experiment { slug } history { status } } } }`, {}, as(user)));
    expect(mine.me.enrollments).toEqual([{ status: 'OPTED_IN', experiment: { slug }, history: [{ status: 'OPTED_OUT' }, { status: 'OPTED_IN' }] }]);
    expect(await enabledSlugs(user)).toContain(slug);

    const unknown = await gql(OPT('optIn'), { slug: 'no-such-experiment' }, as(user));
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
    const anonymous = await gql(OPT('optIn'), { slug });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  it('serves the latest released revision after a weekly release', async () => {
    const slug = await launchExperiment(crew);
    const SIGN = `mutation ($slug: String!, $kind: SignOffKind!) { signOff(slug: $slug, kind: $kind, revision: "1.1") { id } }`;
    for (const kind of ['QA', 'UX', 'INFRASEC']) ok(await gql(SIGN, { slug, kind }, as(crew.approver)));
    ok(await gql(`mutation ($slug: String!, $input: ReleaseRevisionInput!) { releaseRevision(slug: $slug, input: $input) { version } }`,
      { slug, input: { version: '1.1', url: `https://addons.beta.example.org/${slug}-1.1.xpi`, sha256: randomSha256() } }, as(crew.approver)));
    expect((await features()).enabledFeatures.find((f) => f.slug === slug)!.revision.version).toBe('1.1');
  });
});
