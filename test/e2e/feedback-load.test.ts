/**
 * 1,000 concurrent feedback submissions from 1,000 accounts all land exactly once. Accounts and
 * their consent are seeded with SQL and tokens minted with identity's real key (1,000 scrypt
 * sign-ups would dominate the run); everything after that goes through the gateway.
 */
import { randomUUID } from 'node:crypto';
import { gql, errorCodes } from '../support/graphql-client';
import { withDatabase } from '../support/database';
import { launchExperiment, makeCompliantUser, makeCrew, ok } from '../support/experiments';
import { craftToken, signingKeyByKid, tokenKid } from '../support/tokens';
import { currentVersions } from '../support/agreements';

const N = 1000;
const SUBMIT = `mutation Submit($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { id } }`;

async function seedAccounts(n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  await withDatabase('beta_identity', (db) =>
    db.query(
      `INSERT INTO accounts (id, email, display_name, password_hash)
       SELECT id, 'load-' || id || '@beta.example.org', 'Load', 'scrypt$1024$8$1$AAAA$AAAA' FROM unnest($1::uuid[]) AS id`,
      [ids],
    ),
  );
  const versions = await currentVersions();
  await withDatabase('beta_agreements', (db) =>
    db.query(
      `INSERT INTO consent_state (account_id, kind, version_id, accepted_at)
       SELECT id, k.kind, k.version_id, now() FROM unnest($1::uuid[]) AS id CROSS JOIN unnest($2::text[], $3::uuid[]) AS k(kind, version_id)`,
      [ids, ['TERMS_OF_SERVICE', 'PRIVACY_POLICY'], [versions.TERMS_OF_SERVICE.id, versions.PRIVACY_POLICY.id]],
    ),
  );
  return ids;
}

describe('feedback under load', () => {
  it(`${N} concurrent submissions from ${N} accounts land exactly once, and retrying them all adds nothing`, async () => {
    const crew = await makeCrew();
    const slug = await launchExperiment(crew);
    const ids = await seedAccounts(N);
    const key = await signingKeyByKid(tokenKid((await makeCompliantUser('keyprobe')).accessToken));
    const tokens = await Promise.all(ids.map((sub) => craftToken(key, { sub, sid: randomUUID(), roles: ['USER'] })));
    const requestIds = ids.map(() => randomUUID());
    const submitAll = () =>
      Promise.all(tokens.map((token, i) =>
        gql<{ submitFeedback: { id: string } }>(SUBMIT, {
          input: { experiment: slug, sentiment: i % 3 ? 'HAPPY' : 'SAD', rating: (i % 5) + 1, locale: 'en-US', clientVersion: '128.0', clientRequestId: requestIds[i] },
        }, { token }),
      ));

    const first = await submitAll();
    expect(first.flatMap(errorCodes)).toEqual([]);
    const retried = await submitAll();
    expect(retried.flatMap(errorCodes)).toEqual([]);
    expect(retried.map((r) => r.data!.submitFeedback.id)).toEqual(first.map((r) => r.data!.submitFeedback.id));

    const stored = await withDatabase('beta_feedback', async (db) =>
      (await db.query(`SELECT count(*)::int AS n, count(DISTINCT account_id)::int AS accounts FROM feedback WHERE experiment = $1`, [slug])).rows[0]);
    expect(stored).toEqual({ n: N, accounts: N });
    const summary = ok(await gql<{ experiment: { feedbackSummary: { count: number; happy: number; sad: number; uniqueAccounts: number } } }>(
      `query($slug: String!) { experiment(slug: $slug) { feedbackSummary { count happy sad uniqueAccounts } } }`, { slug },
    )).experiment.feedbackSummary;
    const sad = Math.ceil(N / 3);
    expect(summary).toEqual({ count: N, happy: N - sad, sad, uniqueAccounts: N });
  }, 180_000);
});
