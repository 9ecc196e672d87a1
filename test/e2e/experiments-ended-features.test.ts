/**
 * Account.endedFeatures through the gateway: an account that had a feature is told how it ended
 * (GRADUATED: now in the product; KILLED: gone, with the reason staff gave) for the window after the
 * end; an account that never had it is told nothing; after the window it is gone.
 */
import { withDatabase } from '../support/database';
import { gql, type TestUser } from '../support/graphql-client';
import { callSubgraph, signedCaller, statementsOf, warmStatements } from '../support/subgraph-client';
import { launchExperiment, makeCompliantUser, makeCrew, ok, type Crew } from '../support/experiments';

interface Ended {
  slug: string;
  name: string;
  tier: string;
  outcome: string;
  endedAt: string;
  reason: string | null;
  lastRevision: { version: string; addonId: string } | null;
}

const MINE = `query Mine {
  me { enabledFeatures { slug } endedFeatures { slug name tier outcome endedAt reason lastRevision { version addonId } } }
}`;
const OPT_IN = `mutation($slug: String!) { optIn(experiment: $slug) { status } }`;
const OPT_OUT = `mutation($slug: String!) { optOut(experiment: $slug) { status } }`;
const SIGN = `mutation($slug: String!, $kind: SignOffKind!) { signOff(slug: $slug, kind: $kind) { id } }`;
const MOVE = `mutation($slug: String!, $to: ExperimentStatus!, $reason: String) { transitionExperiment(slug: $slug, to: $to, reason: $reason) { status } }`;
const ZERO_THRESHOLDS = { minFeedbackCount: 0, minHappyShare: null, minActiveAccounts30d: 0 };

const as = (user: TestUser) => ({ token: user.accessToken });

describe('Account.endedFeatures (through the gateway)', () => {
  let crew: Crew;
  const mine = async (user: TestUser) => ok(await gql<{ me: { enabledFeatures: { slug: string }[]; endedFeatures: Ended[] } }>(MINE, {}, as(user))).me;
  const endedOf = async (user: TestUser, slugs: string[]) => (await mine(user)).endedFeatures.filter((f) => slugs.includes(f.slug));

  async function graduate(slug: string): Promise<void> {
    for (const kind of ['EXIT_UX', 'EXIT_PRODUCT']) ok(await gql(SIGN, { slug, kind }, as(crew.approver)));
    ok(await gql(MOVE, { slug, to: 'GRADUATED' }, as(crew.owner)));
  }

  beforeAll(async () => {
    crew = await makeCrew();
  });

  it('tells the enrolled account which feature graduated and which was killed (with the reason); one never enrolled sees neither; after the window both are gone', async () => {
    const [member, stranger] = await Promise.all([makeCompliantUser('ended'), makeCompliantUser('stranger')]);
    const [graduating, killing] = await Promise.all([
      launchExperiment(crew, { optInPolicy: 'PER_EXPERIMENT', exitThresholds: ZERO_THRESHOLDS }),
      launchExperiment(crew, { optInPolicy: 'PER_EXPERIMENT' }),
    ]);
    for (const slug of [graduating, killing]) ok(await gql(OPT_IN, { slug }, as(member)));
    const before = await mine(member);
    expect(before.enabledFeatures.map((f) => f.slug)).toEqual(expect.arrayContaining([graduating, killing]));
    expect(before.endedFeatures.filter((f) => [graduating, killing].includes(f.slug))).toEqual([]);

    const startedAt = Date.now();
    await graduate(graduating);
    ok(await gql(MOVE, { slug: killing, to: 'KILLED', reason: 'It slowed down page loads; we are sorry.' }, as(crew.approver)));

    const after = await mine(member);
    expect(after.enabledFeatures.map((f) => f.slug)).not.toContain(graduating);
    expect(after.enabledFeatures.map((f) => f.slug)).not.toContain(killing);
    const ended = after.endedFeatures.filter((f) => [graduating, killing].includes(f.slug));
    // Newest end first: the kill came after the graduation.
    expect(ended).toEqual([
      {
        slug: killing, name: `Launch ${killing}`, tier: 'BETA', outcome: 'KILLED', endedAt: expect.any(String),
        reason: 'It slowed down page loads; we are sorry.', lastRevision: { version: '1.0.0', addonId: `${killing}@beta.example.org` },
      },
      {
        slug: graduating, name: `Launch ${graduating}`, tier: 'BETA', outcome: 'GRADUATED', endedAt: expect.any(String),
        reason: null, lastRevision: { version: '1.0.0', addonId: `${graduating}@beta.example.org` },
      },
    ]);
    for (const f of ended) expect(Date.parse(f.endedAt)).toBeGreaterThanOrEqual(startedAt - 5_000);

    expect(await endedOf(stranger, [graduating, killing])).toEqual([]);

    // The window (ENDED_FEATURES_DAYS, 30) has passed for both.
    await withDatabase('beta_experiments', (db) =>
      db.query(`UPDATE experiments SET ended_at = now() - interval '31 days' WHERE slug = ANY($1::text[])`, [[graduating, killing]]));
    expect(await endedOf(member, [graduating, killing])).toEqual([]);
  });

  it('counts a CHANNEL-policy feature for every account the channel gave it to, except one that opted out', async () => {
    const [withChannel, optedOut] = await Promise.all([makeCompliantUser('channel'), makeCompliantUser('optedout')]);
    const slug = await launchExperiment(crew, { optInPolicy: 'CHANNEL' });
    ok(await gql(OPT_OUT, { slug }, as(optedOut)));
    ok(await gql(MOVE, { slug, to: 'KILLED', reason: 'Superseded by a better design.' }, as(crew.approver)));

    expect(await endedOf(withChannel, [slug])).toEqual([expect.objectContaining({ slug, outcome: 'KILLED', reason: 'Superseded by a better design.' })]);
    expect(await endedOf(optedOut, [slug])).toEqual([]);
  });

  it('is readable by the account itself only, and costs one statement (the enrollments) however many features ended', async () => {
    const [member, other] = await Promise.all([makeCompliantUser('own'), makeCompliantUser('other')]);
    const QUERY = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Account { endedFeatures { slug outcome } } } }`;
    const representations = [{ __typename: 'Account', id: member.accountId, channel: 'BETA' }];

    const refused = await callSubgraph('experiments', QUERY, { representations }, signedCaller({ accountId: other.accountId, roles: ['USER'] }));
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);

    const cost = async () => {
      const { data, statements } = await statementsOf<{ _entities: { endedFeatures: { slug: string }[] }[] }>(
        'experiments', QUERY, { representations }, signedCaller({ accountId: member.accountId, roles: ['USER'] }),
      );
      return { statements, slugs: data._entities[0].endedFeatures.map((f) => f.slug) };
    };
    const slugs = await Promise.all([launchExperiment(crew), launchExperiment(crew), launchExperiment(crew)]);
    ok(await gql(MOVE, { slug: slugs[0], to: 'KILLED', reason: 'One.' }, as(crew.approver)));
    const one = await cost();
    const oneCost = await warmStatements(async () => (await cost()).statements);
    for (const slug of slugs.slice(1)) ok(await gql(MOVE, { slug, to: 'KILLED', reason: 'More.' }, as(crew.approver)));
    const three = await cost();
    const threeCost = await warmStatements(async () => (await cost()).statements);
    expect(one.slugs).toContain(slugs[0]);
    expect(three.slugs).toEqual(expect.arrayContaining(slugs));
    // The account's enrollments; the ended experiments come with the in-memory catalog (one
    // statement more on the request that reloads it after a change).
    expect([oneCost.warm, threeCost.warm]).toEqual([1, 1]);
    expect(Math.max(one.statements, three.statements, oneCost.worst, threeCost.worst)).toBeLessThanOrEqual(2);
  });
});
