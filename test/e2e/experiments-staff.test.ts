/** Staff operations around the lifecycle: pause/edit/resume, monthly reviews, access and error codes. */
import { gql, errorCodes, signUpUser, type TestUser } from '../support/graphql-client';
import { withDatabase } from '../support/database';
import { launchExperiment, makeCompliantUser, makeCrew, makeStaff, ok, randomSha256, type Crew } from '../support/experiments';

const MOVE = `mutation ($slug: String!, $to: ExperimentStatus!, $reason: String) { transitionExperiment(slug: $slug, to: $to, reason: $reason) { status } }`;
const UPDATE = `mutation ($slug: String!, $input: UpdateExperimentInput!) { updateExperiment(slug: $slug, input: $input) { name } }`;
const SIGN = `mutation ($slug: String!, $kind: SignOffKind!) { signOff(slug: $slug, kind: $kind) { id } }`;
const REVIEW = `mutation ($slug: String!, $decision: ReviewDecision!, $notes: String!) { recordReview(slug: $slug, decision: $decision, notes: $notes) { decision experiment { status } } }`;
const OVERDUE = `query { experiments(reviewOverdue: true) { slug reviewOverdue } }`;
const GATES = `query ($slug: String!) { experiment(slug: $slug) { status gateStatus { to allowed missing callerMayPerform } } }`;

const as = (user: TestUser) => ({ token: user.accessToken });
const missingOf = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.missing as string[];

describe('experiment staff operations (through the gateway)', () => {
  let crew: Crew;
  beforeAll(async () => {
    crew = await makeCrew();
  });

  it('pauses (suspending it for users), edits only while paused, and resumes through the entry gate again', async () => {
    const member = await makeCompliantUser('pause');
    const slug = await launchExperiment(crew);
    const editLive = await gql(UPDATE, { slug, input: { name: 'Renamed while live' } }, as(crew.owner));
    expect(errorCodes(editLive)).toEqual(['FAILED_PRECONDITION']);
    expect(missingOf(editLive)).toEqual(['STATUS:EDIT_DEFINITION']);
    expect(editLive.errors![0].message).toMatch(/only while it is PROPOSED or PAUSED\. Move it to PAUSED first/);

    ok(await gql(MOVE, { slug, to: 'PAUSED', reason: 'Fixing a crash' }, as(crew.approver)));
    const suspended = ok(await gql<{ me: { suspendedFeatures: { slug: string; reason: string }[] } }>(
      `query { me { suspendedFeatures { slug reason } } }`, {}, as(member))).me.suspendedFeatures;
    expect(suspended.find((f) => f.slug === slug)).toEqual({ slug, reason: 'PAUSED' });

    ok(await gql(UPDATE, { slug, input: { name: 'Renamed while paused' } }, as(crew.owner)));
    const resume = await gql(MOVE, { slug, to: 'IN_BETA', reason: 'Fixed' }, as(crew.approver));
    expect(errorCodes(resume)).toEqual(['FAILED_PRECONDITION']);
    expect(missingOf(resume)).toEqual(['SIGN_OFF:SECURITY', 'SIGN_OFF:PRIVACY', 'SIGN_OFF:PRODUCT']);
    for (const kind of ['SECURITY', 'PRIVACY', 'PRODUCT']) ok(await gql(SIGN, { slug, kind }, as(crew.approver)));
    ok(await gql(MOVE, { slug, to: 'IN_BETA', reason: 'Fixed and signed off again' }, as(crew.approver)));
    // A retried transition finds it done.
    expect(ok(await gql<{ transitionExperiment: { status: string } }>(MOVE, { slug, to: 'IN_BETA' }, as(crew.approver))).transitionExperiment.status).toBe('IN_BETA');
  });

  it('lists experiments overdue for the monthly review until one is recorded; a KILL decision kills', async () => {
    const slug = await launchExperiment(crew);
    let overdue = ok(await gql<{ experiments: { slug: string }[] }>(OVERDUE, {}, as(crew.approver))).experiments;
    expect(overdue.map((e) => e.slug)).not.toContain(slug);

    // Test setup: pretend it entered the beta 40 days ago.
    await withDatabase('beta_experiments', (db) => db.query(`UPDATE experiments SET entered_beta_at = now() - interval '40 days' WHERE slug = $1`, [slug]));
    overdue = ok(await gql<{ experiments: { slug: string; reviewOverdue: boolean }[] }>(OVERDUE, {}, as(crew.approver))).experiments;
    expect(overdue.find((e) => e.slug === slug)).toEqual({ slug, reviewOverdue: true });

    const byQa = await gql(REVIEW, { slug, decision: 'CONTINUE', notes: 'fine' }, as(await makeStaff('qa-review', ['QA'])));
    expect(errorCodes(byQa)).toEqual(['FORBIDDEN']);
    expect(byQa.errors![0].message).toContain('PRODUCT, ENGINEERING, UX');
    ok(await gql(REVIEW, { slug, decision: 'ITERATE', notes: 'Adoption is low; iterate on onboarding.' }, as(crew.approver)));
    overdue = ok(await gql<{ experiments: { slug: string }[] }>(OVERDUE, {}, as(crew.approver))).experiments;
    expect(overdue.map((e) => e.slug)).not.toContain(slug);

    const kill = ok(await gql<{ recordReview: { decision: string; experiment: { status: string } } }>(
      REVIEW, { slug, decision: 'KILL', notes: 'Did not meet the exit criteria in time.' }, as(crew.approver)));
    expect(kill.recordReview).toEqual({ decision: 'KILL', experiment: { status: 'KILLED' } });
    const again = await gql(REVIEW, { slug, decision: 'CONTINUE', notes: 'too late' }, as(crew.approver));
    expect(errorCodes(again)).toEqual(['FAILED_PRECONDITION']);
    expect(missingOf(again)).toEqual(['STATUS:RECORD_REVIEW']);
  });

  it('answers NOT_FOUND for unknown slugs on every staff mutation, and stores nothing', async () => {
    const slug = 'no-such-experiment';
    const calls: [string, Record<string, unknown>][] = [
      [UPDATE, { slug, input: { name: 'x' } }],
      [`mutation ($slug: String!) { checkEntryCriterion(slug: $slug, criterion: PROTOTYPE_EVOLVED) { slug } }`, { slug }],
      [SIGN, { slug, kind: 'SECURITY' }],
      [`mutation ($slug: String!) { releaseRevision(slug: $slug, input: { version: "1", url: "https://x.org/a.xpi", sha256: "${randomSha256()}" }) { version } }`, { slug }],
      [MOVE, { slug, to: 'KILLED', reason: 'x' }],
      [REVIEW, { slug, decision: 'CONTINUE', notes: 'x' }],
      [`mutation ($slug: String!) { setRollout(slug: $slug, percent: 10) { slug } }`, { slug }],
    ];
    for (const [query, variables] of calls) {
      const res = await gql(query, variables, as(crew.approver));
      expect([query.slice(11, 40), errorCodes(res)]).toEqual([query.slice(11, 40), ['NOT_FOUND']]);
    }
    const rows = await withDatabase('beta_experiments', async (db) => (await db.query(`SELECT count(*)::int AS n FROM experiments WHERE slug = $1`, [slug])).rows[0].n);
    expect(rows).toBe(0);
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, and stores nothing', async () => {
    const slug = await launchExperiment(crew);
    const RELEASE = `mutation ($slug: String!, $input: ReleaseRevisionInput!) { releaseRevision(slug: $slug, input: $input) { version } }`;
    const SIGN_REV = `mutation ($slug: String!, $kind: SignOffKind!, $revision: String) { signOff(slug: $slug, kind: $kind, revision: $revision) { id } }`;
    const good = { version: '3.0', url: 'https://addons.beta.example.org/a.xpi', sha256: randomSha256() };
    const cases: [string, Record<string, unknown>, string][] = [
      [RELEASE, { slug, input: { ...good, url: 'http://addons.beta.example.org/a.xpi' } }, 'url'],
      [RELEASE, { slug, input: { ...good, sha256: 'not-a-hash' } }, 'sha256'],
      [RELEASE, { slug, input: { ...good, version: 'three' } }, 'version'],
      [RELEASE, { slug, input: { ...good, addonId: 'someone-else@beta.example.org' } }, 'addonId'],
      [RELEASE, { slug, input: { ...good, addonId: '' } }, 'addonId'],
      [SIGN_REV, { slug, kind: 'QA' }, 'revision'],
      [SIGN_REV, { slug, kind: 'QA', revision: '0.5' }, 'revision'],
      [UPDATE, { slug, input: { name: '' } }, 'name'],
      [MOVE, { slug, to: 'PAUSED', reason: '   ' }, 'reason'],
    ];
    for (const [query, variables, field] of cases) {
      const res = await gql(query, variables, as(crew.approver));
      expect([field, errorCodes(res), res.errors?.[0]?.extensions?.field]).toEqual([field, ['BAD_USER_INPUT'], field]);
    }
    const stored = await withDatabase('beta_experiments', async (db) =>
      (await db.query(
        `SELECT e.status, e.name, (SELECT count(*)::int FROM revisions r WHERE r.experiment_id = e.id) AS revisions,
                (SELECT count(*)::int FROM sign_offs s WHERE s.experiment_id = e.id AND s.kind = 'QA') AS qa
           FROM experiments e WHERE e.slug = $1`, [slug])).rows[0]);
    expect(stored).toEqual({ status: 'IN_BETA', name: `Launch ${slug}`, revisions: 1, qa: 1 });
  });

  it('refuses staff fields to non-staff, and publishes the lifecycle table', async () => {
    const slug = await launchExperiment(crew);
    const user = await signUpUser('nosy');
    const res = await gql(`query ($slug: String!) { experiment(slug: $slug) { slug status gateStatus { to } } }`, { slug }, as(user));
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    const publicView = ok(await gql<{ experiment: { slug: string; status: string; currentRevision: { version: string } } }>(
      `query ($slug: String!) { experiment(slug: $slug) { slug status currentRevision { version } } }`, { slug }, as(user)));
    expect(publicView.experiment).toEqual({ slug, status: 'IN_BETA', currentRevision: { version: '1.0.0' } });

    const gates = ok(await gql<{ experiment: { gateStatus: { to: string; allowed: boolean; callerMayPerform: boolean }[] } }>(GATES, { slug }, as(crew.owner)));
    expect(gates.experiment.gateStatus.map((g) => [g.to, g.allowed])).toEqual([['PAUSED', true], ['GRADUATED', false], ['KILLED', true]]);

    const table = ok(await gql<{ experimentLifecycle: { from: string; to: string; gate: string }[] }>(`query { experimentLifecycle { from to gate roles reasonRequired } }`));
    expect(table.experimentLifecycle).toContainEqual({ from: 'PROPOSED', to: 'IN_BETA', gate: 'ENTRY', roles: ['PRODUCT', 'OPS'], reasonRequired: false });
    expect(table.experimentLifecycle).toHaveLength(7);
  });

  it('releases one revision when the same release is sent twice at once', async () => {
    const slug = await launchExperiment(crew);
    const SIGN_REV = `mutation ($slug: String!, $kind: SignOffKind!) { signOff(slug: $slug, kind: $kind, revision: "2.0") { id } }`;
    await Promise.all(['QA', 'UX', 'INFRASEC'].map(async (kind) => ok(await gql(SIGN_REV, { slug, kind }, as(crew.approver)))));
    const input = { version: '2.0', url: `https://addons.beta.example.org/${slug}-2.0.xpi`, sha256: randomSha256() };
    const RELEASE = `mutation ($slug: String!, $input: ReleaseRevisionInput!) { releaseRevision(slug: $slug, input: $input) { version } }`;
    const results = await Promise.all([gql(RELEASE, { slug, input }, as(crew.approver)), gql(RELEASE, { slug, input }, as(crew.approver))]);
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined]);
    const versions = await withDatabase('beta_experiments', async (db) =>
      (await db.query(`SELECT r.version FROM revisions r JOIN experiments e ON e.id = r.experiment_id WHERE e.slug = $1 ORDER BY r.version_key`, [slug])).rows.map((r) => r.version));
    expect(versions).toEqual(['1.0.0', '2.0']);
  });
});
