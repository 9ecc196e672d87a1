import { gql, errorCodes } from '../support/graphql-client';
import { withDatabase } from '../support/database';
import { rowsReferencing } from '../support/account-rows';
import { testPlatform } from '../support/platform';
import { launchExperiment, makeCompliantUser, makeCrew, ok, type Crew } from '../support/experiments';
import type { TestUser } from '../support/graphql-client';
import { ACCOUNT_DATA_HOLDERS } from '../../common/subgraph-registry';

const DATABASES = ['beta_identity', 'beta_agreements', 'beta_experiments', 'beta_feedback'];
const DELETE = `mutation($password: String!) { deleteAccount(password: $password) }`;

let crew: Crew;
let slug: string;

/** A user with data in all four subgraphs: account, consent ledger, enrollment, feedback with a comment, usage. */
async function activeUser(prefix: string): Promise<TestUser> {
  const user = await makeCompliantUser(prefix);
  const as = { token: user.accessToken };
  ok(await gql(`mutation($slug: String!) { optIn(experiment: $slug) { status } }`, { slug }, as));
  ok(await gql(`mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { id } }`,
    { input: { experiment: slug, sentiment: 'HAPPY', comment: 'my personal words', locale: 'en-GB', clientVersion: '128.0' } }, as));
  ok(await gql(`mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted } }`,
    { events: [{ experiment: slug, name: 'opened', at: new Date().toISOString() }] }, as));
  return user;
}

async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  crew = await makeCrew();
  slug = await launchExperiment(crew, { optInPolicy: 'PER_EXPERIMENT' });
}, 60_000);

describe('exportMyData', () => {
  it('returns what all four subgraphs hold about the caller as one JSON document', async () => {
    const user = await activeUser('exporter');
    type Rows = Record<string, unknown>[];
    type Export = {
      accountId: string;
      identity: { account: Record<string, unknown> };
      agreements: { ledger: { action: string }[] };
      experiments: { enrollments: Rows };
      feedback: { feedback: Rows; usageEvents: Rows };
    };
    const data = ok(await gql<{ exportMyData: Export }>(`{ exportMyData }`, {}, { token: user.accessToken })).exportMyData;
    expect(data.accountId).toBe(user.accountId);
    expect(data.identity.account).toMatchObject({ id: user.accountId, email: user.email });
    expect(JSON.stringify(data.identity)).not.toContain('scrypt');
    expect(data.agreements.ledger.map((e) => e.action)).toEqual(['ACCEPT', 'ACCEPT', 'ACCEPT']);
    expect(data.experiments.enrollments).toEqual([expect.objectContaining({ status: 'OPTED_IN' })]);
    expect(data.feedback.feedback).toEqual([expect.objectContaining({ experiment: slug, comment: 'my personal words' })]);
    expect(data.feedback.usageEvents).toEqual([expect.objectContaining({ experiment: slug, name: 'opened' })]);
  });

  it('needs a sign-in', async () => {
    expect(errorCodes(await gql(`{ exportMyData }`))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('deleteAccount', () => {
  it('refuses a wrong password and deletes nothing', async () => {
    const user = await activeUser('keeper');
    const res = await gql(DELETE, { password: 'not my password at all' }, { token: user.accessToken });
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    expect(await rowsReferencing('beta_identity', user.accountId)).toMatchObject({ 'accounts.id': 1 });
    expect(ok(await gql<{ me: { id: string } }>(`{ me { id } }`, {}, { token: user.accessToken })).me.id).toBe(user.accountId);
  });

  it('leaves no row of the account in any of the four databases, only a ledger tombstone, and ends its sessions', async () => {
    const user = await activeUser('leaver');
    expect(Object.keys(await rowsReferencing('beta_feedback', user.accountId)).length).toBeGreaterThan(0);
    const uniques = async () => ok(await gql<{ experiment: { feedbackSummary: { count: number; uniqueAccounts: number } } }>(
      `query($slug: String!) { experiment(slug: $slug) { feedbackSummary { count uniqueAccounts } } }`, { slug },
    )).experiment.feedbackSummary;
    const before = await uniques();
    const res = ok(await gql<{ deleteAccount: boolean }>(DELETE, { password: user.password }, { token: user.accessToken }));
    expect(res.deleteAccount).toBe(true);
    // The anonymous count stays; the account no longer counts as a unique account.
    expect(await uniques()).toEqual({ count: before.count, uniqueAccounts: before.uniqueAccounts - 1 });

    const left: Record<string, Record<string, number>> = {};
    for (const database of DATABASES) left[database] = await rowsReferencing(database, user.accountId);
    expect(left).toEqual({ beta_identity: {}, beta_agreements: { 'consent_tombstones.account_id': 1 }, beta_experiments: {}, beta_feedback: {} });
    const tombstone = await withDatabase('beta_agreements', async (db) =>
      (await db.query(`SELECT events_erased, erased_at FROM consent_tombstones WHERE account_id = $1`, [user.accountId])).rows[0]);
    expect(tombstone.events_erased).toBe(3);

    const signIn = await gql(`mutation($input: SignInInput!) { signIn(input: $input) { accessToken } }`, { input: { email: user.email, password: user.password } });
    expect(errorCodes(signIn)).toEqual(['UNAUTHENTICATED']);
    const refresh = await gql(`mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }`, { t: user.refreshToken });
    expect(errorCodes(refresh)).toEqual(['UNAUTHENTICATED']);
    // The access token dies everywhere once the gateway's revoked-session list refreshes (every second in tests).
    const late = await waitFor(
      () => gql(`mutation($ids: [ID!]!) { acceptAgreements(versionIds: $ids) { compliant } }`, { ids: [] }, { token: user.accessToken }),
      (r) => r.status === 401,
    );
    expect(late.status).toBe(401);
    expect(errorCodes(late)).toEqual(['UNAUTHENTICATED']);
  });

  it('a deletion interrupted half-way is recorded and completed by the background sweep', async () => {
    const user = await activeUser('interrupted');
    // Simulate the process dying after step 1: the job is recorded, sessions revoked, nothing erased yet.
    // One more step names a subgraph that no longer holds account data (removed since): crossed off, not retried forever.
    await withDatabase('beta_identity', async (db) => {
      await db.query(`INSERT INTO account_deletions (account_id, email, pending_steps, next_attempt_at) VALUES ($1, $2, $3, now() + interval '1 hour')`,
        [user.accountId, user.email, [...ACCOUNT_DATA_HOLDERS, 'retired']]);
      await db.query(`UPDATE accounts SET status = 'DELETING' WHERE id = $1`, [user.accountId]);
      await db.query(`UPDATE sessions SET revoked_at = now() WHERE account_id = $1`, [user.accountId]);
    });
    const signIn = await gql(`mutation($input: SignInInput!) { signIn(input: $input) { accessToken } }`, { input: { email: user.email, password: user.password } });
    expect(errorCodes(signIn)).toEqual(['UNAUTHENTICATED']);
    expect(Object.keys(await rowsReferencing('beta_feedback', user.accountId)).length).toBeGreaterThan(0);

    const identityMetrics = async () => (await fetch(`http://127.0.0.1:${testPlatform().subgraphPorts.identity}/metrics`)).text();
    expect(Number(/^identity_account_deletions_pending (\d+)/m.exec(await identityMetrics())?.[1])).toBeGreaterThanOrEqual(1);

    await withDatabase('beta_identity', (db) => db.query(`UPDATE account_deletions SET next_attempt_at = now() WHERE account_id = $1`, [user.accountId]));
    const identityRows = await waitFor(() => rowsReferencing('beta_identity', user.accountId), (rows) => Object.keys(rows).length === 0);
    expect(identityRows).toEqual({});
    for (const database of ['beta_experiments', 'beta_feedback']) expect(await rowsReferencing(database, user.accountId)).toEqual({});
    expect(await rowsReferencing('beta_agreements', user.accountId)).toEqual({ 'consent_tombstones.account_id': 1 });
  });
});
