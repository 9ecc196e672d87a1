/**
 * An optional subgraph killed (SIGKILL) in the middle of a burst of mixed writes, on a platform of
 * this file's own (the real launcher, which restarts it): Bootstrap keeps serving the critical part
 * throughout, the subgraph comes back by itself, every acknowledged write is stored exactly once,
 * nothing is stored twice, and every consent hash chain still verifies.
 *
 * Sizes are bounded for `npm test` on a 2-core machine; `npm run test:load` runs it larger
 * (FAULT_TEST_ACCOUNTS, FAULT_TEST_SIGNUPS). Accounts for the consent/opt-in/feedback flows are
 * seeded with SQL and their tokens minted with identity's real key (scrypt sign-ups would dominate
 * the run); a smaller number of real sign-ups runs beside them.
 */
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { gql, signUpUser, type GqlResponse, type TestUser } from '../support/graphql-client';
import { withDatabase } from '../support/database';
import { launchExperiment, makeCrew, ok, type Target } from '../support/experiments';
import { craftToken, signingKeyByKid, tokenKid } from '../support/tokens';
import { currentVersions } from '../support/agreements';
import { startTestPlatform, stopTestPlatform, type TestPlatform } from '../support/platform';
import { recordedProcesses } from '../support/launcher';
import { callSubgraph, signedCaller } from '../support/subgraph-client';

const ACCOUNTS = Number(process.env.FAULT_TEST_ACCOUNTS ?? 150);
const SIGNUPS = Number(process.env.FAULT_TEST_SIGNUPS ?? 12);

const BOOTSTRAP = `query Bootstrap { me { id email channel consent { compliant } enabledFeatures { slug } } }`;
const ACCEPT = `mutation Accept($ids: [ID!]!) { acceptAgreements(versionIds: $ids) { compliant } }`;
const OPT_IN = `mutation OptIn($slug: String!) { optIn(experiment: $slug) { status } }`;
const SUBMIT = `mutation Submit($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { id } }`;
const PROOFS = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Account { consent { proof(kind: TERMS_OF_SERVICE) { verified } } } } }`;

const acknowledged = (res: GqlResponse<unknown>) => res.status === 200 && !res.errors?.length && res.data != null;

interface Flow {
  accountId: string;
  token: string;
  requestId: string;
  accepted: boolean;
  optedIn: boolean;
  feedbackId: string | null;
}

describe('a subgraph killed under a burst of writes', () => {
  let platform: TestPlatform;
  let child: ChildProcess;
  let target: Target;

  beforeAll(async () => {
    ({ platform, child } = await startTestPlatform({ exportToEnv: false }));
    target = { url: platform.gatewayUrl, platform };
  });
  afterAll(() => stopTestPlatform(child, platform.dataDir));

  it('keeps Bootstrap serving, restarts the subgraph, and keeps every acknowledged write exactly once', async () => {
    const url = platform.gatewayUrl;
    const crew = await makeCrew(target);
    const slug = await launchExperiment(crew, { optInPolicy: 'PER_EXPERIMENT' }, target);
    const versions = await currentVersions({ url });
    const versionIds = Object.values(versions).map((v) => v.id);
    const watcher: TestUser = await signUpUser('watcher', undefined, { url });
    ok(await gql(ACCEPT, { ids: versionIds }, { url, token: watcher.accessToken }));

    const ids = Array.from({ length: ACCOUNTS }, () => randomUUID());
    await withDatabase('beta_identity', (db) => db.query(
      `INSERT INTO accounts (id, email, display_name, password_hash)
       SELECT id, 'fault-' || id || '@beta.example.org', 'Fault', 'scrypt$1024$8$1$AAAA$AAAA' FROM unnest($1::uuid[]) AS id`, [ids],
    ), platform);
    const key = await signingKeyByKid(tokenKid(watcher.accessToken), platform);
    const flows: Flow[] = await Promise.all(ids.map(async (accountId) => ({
      accountId, token: await craftToken(key, { sub: accountId, sid: randomUUID(), roles: ['USER'] }),
      requestId: randomUUID(), accepted: false, optedIn: false, feedbackId: null,
    })));

    // Bootstrap every 50 ms throughout, as the add-on would.
    const bootstraps: GqlResponse<{ me: { id: string; enabledFeatures: unknown } | null }>[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        bootstraps.push(await gql(BOOTSTRAP, {}, { url, token: watcher.accessToken }));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    const before = recordedProcesses(platform.dataDir).experiments;
    let started = 0;
    const kill = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (started < ACCOUNTS / 3) return;
        clearInterval(timer);
        process.kill(before.pid, 'SIGKILL');
        resolve();
      }, 5);
    });

    const signUps = Promise.all(Array.from({ length: SIGNUPS }, async () => {
      const email = `fault-signup-${randomUUID().slice(0, 12)}@beta.example.org`;
      const res = await gql(`mutation($input: SignUpInput!) { signUp(input: $input) { account { id } } }`,
        { input: { email, password: 'correct horse battery staple', displayName: 'Fault' } }, { url });
      return { email, acknowledged: acknowledged(res) };
    }));
    // Each flow behaves like a client: a write that was not acknowledged is sent again (the same
    // clientRequestId for feedback) until it is, so retries meet the restart and must not duplicate.
    const untilAcknowledged = async <T>(send: () => Promise<GqlResponse<T>>): Promise<GqlResponse<T>> => {
      for (let attempt = 1; ; attempt++) {
        const res = await send();
        if (acknowledged(res) || attempt === 120) return res;
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    await Promise.all(flows.map(async (flow) => {
      const as = { url, token: flow.token };
      flow.accepted = acknowledged(await gql(ACCEPT, { ids: versionIds }, as));
      started++;
      if (!flow.accepted) return;
      flow.optedIn = acknowledged(await untilAcknowledged(() => gql(OPT_IN, { slug }, as)));
      if (!flow.optedIn) return;
      const res = await untilAcknowledged(() => gql<{ submitFeedback: { id: string } }>(SUBMIT, {
        input: { experiment: slug, sentiment: 'HAPPY', locale: 'en-US', clientVersion: '128.0', clientRequestId: flow.requestId },
      }, as));
      if (acknowledged(res)) flow.feedbackId = res.data!.submitFeedback.id;
    }));
    const signedUp = await signUps;
    await kill;

    // The subgraph comes back by itself (a new process), and then serves.
    const deadline = Date.now() + 60_000;
    let back = false;
    while (!back && Date.now() < deadline) {
      const res = await gql<{ experiments: unknown[] }>(`{ experiments(first: 1) { slug } }`, {}, { url });
      back = Array.isArray(res.data?.experiments) && recordedProcesses(platform.dataDir).experiments.pid !== before.pid;
      if (!back) await new Promise((r) => setTimeout(r, 200));
    }
    polling = false;
    await poller;
    expect(back).toBe(true);

    // Bootstrap served the critical part every time; some answers came without the killed subgraph.
    expect(bootstraps.filter((b) => b.status !== 200 || b.data?.me?.id !== watcher.accountId)).toEqual([]);
    expect(bootstraps.some((b) => b.data?.me?.enabledFeatures === null && b.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE'))).toBe(true);

    // Critical writes never depended on the killed subgraph.
    expect(flows.filter((f) => !f.accepted)).toEqual([]);
    expect(signedUp.filter((s) => !s.acknowledged)).toEqual([]);

    const emails = await withDatabase('beta_identity', async (db) => (await db.query<{ email: string; n: number }>(
      `SELECT email, count(*)::int AS n FROM accounts WHERE email = ANY($1) GROUP BY email`, [signedUp.map((s) => s.email)])).rows, platform);
    expect(emails.map((e) => e.n)).toEqual(signedUp.map(() => 1));

    const ledger = await withDatabase('beta_agreements', async (db) => (await db.query<{ account_id: string; kind: string; n: number }>(
      `SELECT account_id, kind, count(*)::int AS n FROM consent_ledger WHERE account_id = ANY($1::uuid[]) AND action = 'ACCEPT' GROUP BY 1, 2`, [ids])).rows, platform);
    expect(ledger).toHaveLength(ACCOUNTS * versionIds.length);
    expect(ledger.filter((r) => r.n !== 1)).toEqual([]);

    const [enrolled, events] = await withDatabase('beta_experiments', async (db) => [
      (await db.query<{ account_id: string }>(`SELECT e.account_id FROM enrollments e JOIN experiments x ON x.id = e.experiment_id WHERE x.slug = $1 AND e.status = 'OPTED_IN'`, [slug])).rows,
      (await db.query<{ account_id: string; n: number }>(`SELECT e.account_id, count(*)::int AS n FROM enrollment_events e JOIN experiments x ON x.id = e.experiment_id WHERE x.slug = $1 GROUP BY 1`, [slug])).rows,
    ] as const, platform);
    const enrolledIds = new Set(enrolled.map((r) => r.account_id));
    expect(flows.filter((f) => f.optedIn && !enrolledIds.has(f.accountId))).toEqual([]);
    expect(events.filter((e) => e.n !== 1)).toEqual([]);

    const feedback = await withDatabase('beta_feedback', async (db) => (await db.query<{ id: string; account_id: string }>(
      `SELECT id, account_id FROM feedback WHERE experiment = $1`, [slug])).rows, platform);
    const stored = new Map(feedback.map((f) => [f.id, f.account_id]));
    const acked = flows.filter((f) => f.feedbackId);
    expect(acked.filter((f) => stored.get(f.feedbackId!) !== f.accountId)).toEqual([]);
    expect(new Set(feedback.map((f) => f.account_id)).size).toBe(feedback.length); // never twice
    expect(acked.length).toBe(ACCOUNTS); // every flow got through in the end, each write once
    expect(flows.filter((f) => !f.optedIn)).toEqual([]);

    // Every consent hash chain re-computes (asked of agreements as LEGAL staff, for all accounts at once).
    const proofs = await callSubgraph<{ _entities: { consent: { proof: { verified: boolean } } }[] }>('agreements', PROOFS,
      { representations: ids.map((id) => ({ __typename: 'Account', id })) }, signedCaller({ accountId: randomUUID(), roles: ['LEGAL'] }), platform);
    expect(proofs.errors).toBeUndefined();
    expect(proofs.data!._entities.map((e) => e.consent.proof.verified)).toEqual(ids.map(() => true));
  }, 240_000);
});
