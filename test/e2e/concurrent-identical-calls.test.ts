/**
 * Clients retry, and double clicks happen: identical calls fired at the same moment must all
 * succeed with the same answer and record the change once (no masked internal errors, no
 * duplicate history).
 */
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { errorCodes, gql, signUpUser, type GqlResponse, type TestUser } from '../support/graphql-client';
import { currentVersions } from '../support/agreements';
import { withDatabase } from '../support/database';
import { launchExperiment, makeCompliantUser, makeCrew, type Crew } from '../support/experiments';

/** Fires `n` identical calls at once and waits for all of them. */
const burst = <T>(n: number, call: () => Promise<GqlResponse<T>>) => Promise.all(Array.from({ length: n }, call));

/** Every response succeeded; returns their data. */
function allSucceeded<T>(responses: GqlResponse<T>[]): T[] {
  const failed = responses.filter((r) => r.errors?.length || !r.data);
  expect(failed.map((r) => r.errors)).toEqual([]);
  return responses.map((r) => r.data as T);
}

const count = (database: string, sql: string, params: unknown[]) =>
  withDatabase(database, async (db) => (await db.query(sql, params)).rows[0].n as number);

/** Waits until some session of this database is blocked on a lock held by `db`'s open transaction. */
async function waitForLockWaiter(db: Client): Promise<void> {
  for (let attempt = 0; attempt < 1500; attempt++) {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pg_backend_pid() = ANY(pg_blocking_pids(pid))`,
    );
    if (rows[0].n > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no session waited for the open transaction');
}

let crew: Crew;
beforeAll(async () => {
  crew = await makeCrew();
}, 60_000);

describe('identical concurrent calls', () => {
  const OPT = (op: 'optIn' | 'optOut') => `mutation($slug: String!) { ${op}(experiment: $slug) { status experiment { slug } } }`;
  const enrollmentEvents = (user: TestUser) =>
    count('beta_experiments', `SELECT count(*)::int AS n FROM enrollment_events WHERE account_id = $1`, [user.accountId]);

  it('60 optIn calls all succeed with OPTED_IN and add one enrollment event; 60 optOut calls then add one more', async () => {
    const slug = await launchExperiment(crew, { optInPolicy: 'PER_EXPERIMENT' });
    const user = await makeCompliantUser('racer');
    type Opt = { optIn?: { status: string; experiment: { slug: string } }; optOut?: { status: string } };

    const optIns = allSucceeded(await burst(60, () => gql<Opt>(OPT('optIn'), { slug }, { token: user.accessToken })));
    expect(new Set(optIns.map((d) => d.optIn!.status))).toEqual(new Set(['OPTED_IN']));
    expect(optIns.every((d) => d.optIn!.experiment.slug === slug)).toBe(true);
    expect(await enrollmentEvents(user)).toBe(1);

    const optOuts = allSucceeded(await burst(60, () => gql<Opt>(OPT('optOut'), { slug }, { token: user.accessToken })));
    expect(new Set(optOuts.map((d) => d.optOut!.status))).toEqual(new Set(['OPTED_OUT']));
    expect(await enrollmentEvents(user)).toBe(2);
  });

  it('an optIn that meets an identical enrollment committed while it ran returns that enrollment', async () => {
    // The race behind the burst above, made deterministic: another caller's enrollment is written
    // but not committed when this optIn starts, so optIn's statement snapshot predates the commit.
    const slug = await launchExperiment(crew, { optInPolicy: 'PER_EXPERIMENT' });
    const user = await makeCompliantUser('blocked');
    const response = await withDatabase('beta_experiments', async (db) => {
      await db.query('BEGIN');
      await db.query(
        `INSERT INTO enrollments (account_id, experiment_id, status) SELECT $1, id, 'OPTED_IN' FROM experiments WHERE slug = $2`,
        [user.accountId, slug],
      );
      const pending = gql<{ optIn: { status: string } }>(OPT('optIn'), { slug }, { token: user.accessToken });
      await waitForLockWaiter(db);
      await db.query('COMMIT');
      return pending;
    });
    expect(response.errors).toBeUndefined();
    expect(response.data!.optIn.status).toBe('OPTED_IN');
  });

  it('30 acceptAgreements calls with the same versions all succeed, compliant, with one ledger row per kind', async () => {
    const user = await signUpUser('consenter');
    const versions = await currentVersions();
    const ids = Object.values(versions).map((v) => v.id);
    const ACCEPT = `mutation($ids: [ID!]!) { acceptAgreements(versionIds: $ids) { compliant experimentalOptIn } }`;
    type Accept = { acceptAgreements: { compliant: boolean; experimentalOptIn: boolean } };

    const results = allSucceeded(await burst(30, () => gql<Accept>(ACCEPT, { ids }, { token: user.accessToken })));
    expect(results.map((d) => d.acceptAgreements)).toEqual(results.map(() => ({ compliant: true, experimentalOptIn: true })));
    const ledgerRows = await count('beta_agreements', `SELECT count(*)::int AS n FROM consent_ledger WHERE account_id = $1`, [user.accountId]);
    expect(ledgerRows).toBe(ids.length);
  });

  it('30 joinChannel calls for the same channel all succeed with that channel', async () => {
    const user = await makeCompliantUser('joiner');
    const JOIN = `mutation { joinChannel(channel: EXPERIMENTAL) { id channel } }`;
    type Join = { joinChannel: { id: string; channel: string } };

    const results = allSucceeded(await burst(30, () => gql<Join>(JOIN, {}, { token: user.accessToken })));
    expect(results.map((d) => d.joinChannel)).toEqual(results.map(() => ({ id: user.accountId, channel: 'EXPERIMENTAL' })));
  });

  it('20 concurrent retries of one submitFeedback (same clientRequestId) all return the one stored entry; another clientRequestId is RATE_LIMITED', async () => {
    const slug = await launchExperiment(crew);
    const user = await makeCompliantUser('retrier');
    const SUBMIT = `mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { id sentiment } }`;
    const input = (clientRequestId: string) => ({ experiment: slug, sentiment: 'HAPPY', locale: 'en-US', clientVersion: '128.0.1', clientRequestId });
    type Submit = { submitFeedback: { id: string; sentiment: string } };
    const clientRequestId = randomUUID();

    const results = allSucceeded(await burst(20, () => gql<Submit>(SUBMIT, { input: input(clientRequestId) }, { token: user.accessToken })));
    expect(new Set(results.map((d) => d.submitFeedback.id)).size).toBe(1);
    expect(await count('beta_feedback', `SELECT count(*)::int AS n FROM feedback WHERE account_id = $1`, [user.accountId])).toBe(1);

    const other = await gql(SUBMIT, { input: input(randomUUID()) }, { token: user.accessToken });
    expect(errorCodes(other)).toEqual(['RATE_LIMITED']);
  });
});
