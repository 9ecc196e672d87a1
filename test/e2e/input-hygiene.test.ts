/**
 * Text PostgreSQL cannot store (NUL) or that is not valid Unicode (lone surrogates), and scalar
 * values in the wrong format, are the caller's mistake: BAD_USER_INPUT naming where, nothing
 * stored — never a masked internal error.
 */
import { gql, errorCodes, uniqueEmail, DEFAULT_PASSWORD, type GqlResponse } from '../support/graphql-client';
import { withDatabase } from '../support/database';
import { launchExperiment, makeCompliantUser, makeCrew, makeStaff } from '../support/experiments';

const count = (database: string, sql: string, params: unknown[] = []) =>
  withDatabase(database, async (db) => (await db.query(sql, params)).rows[0].n as number);

function expectBadInput(res: GqlResponse<unknown>, message: RegExp) {
  expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
  expect(res.errors![0].message).toMatch(message);
}

const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { account { id } } }`;

describe('text that cannot be stored', () => {
  it('a NUL in the sign-up email is BAD_USER_INPUT naming input.email; no account is created', async () => {
    const email = uniqueEmail('nul');
    const res = await gql(SIGN_UP, { input: { email: `${email}\u0000`, password: DEFAULT_PASSWORD, displayName: 'Nul' } });
    expectBadInput(res, /input\.email.*NUL/);
    expect(res.errors![0].extensions!.field).toBe('input.email');
    expect(await count('beta_identity', `SELECT count(*)::int AS n FROM accounts WHERE email LIKE $1`, [`${email.split('@')[0]}%`])).toBe(0);
  });

  it('a lone surrogate in the display name is BAD_USER_INPUT; no account is created', async () => {
    const email = uniqueEmail('surrogate');
    const res = await gql(SIGN_UP, { input: { email, password: DEFAULT_PASSWORD, displayName: 'Ann \ud800' } });
    expectBadInput(res, /input\.displayName.*Unicode/);
    expect(await count('beta_identity', `SELECT count(*)::int AS n FROM accounts WHERE email = $1`, [email])).toBe(0);
  });

  it('a NUL in an inline string literal is refused the same way', async () => {
    const email = uniqueEmail('inline');
    const res = await gql(`mutation { signUp(input: { email: "${email}", password: "${DEFAULT_PASSWORD}", displayName: "A\\u0000B" }) { account { id } } }`);
    expectBadInput(res, /input\.displayName.*NUL/);
    expect(await count('beta_identity', `SELECT count(*)::int AS n FROM accounts WHERE email = $1`, [email])).toBe(0);
  });

  it('a NUL in the optIn slug is BAD_USER_INPUT; no enrollment is stored', async () => {
    const crew = await makeCrew();
    const slug = await launchExperiment(crew, { optInPolicy: 'PER_EXPERIMENT' });
    const user = await makeCompliantUser('nulslug');
    const res = await gql(`mutation($slug: String!) { optIn(experiment: $slug) { status } }`, { slug: `${slug}\u0000` }, { token: user.accessToken });
    expectBadInput(res, /NUL/);
    const enrollments = `SELECT (SELECT count(*) FROM enrollments WHERE account_id = $1) + (SELECT count(*) FROM enrollment_events WHERE account_id = $1) AS n`;
    expect(Number(await count('beta_experiments', enrollments, [user.accountId]))).toBe(0);
  });

  it('a NUL in a feedback comment is BAD_USER_INPUT naming input.comment; no feedback is stored', async () => {
    const crew = await makeCrew();
    const slug = await launchExperiment(crew);
    const user = await makeCompliantUser('nulcomment');
    const input = { experiment: slug, sentiment: 'SAD', locale: 'en-US', clientVersion: '128.0.1', comment: 'broken\u0000here' };
    const res = await gql(`mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { id } }`, { input }, { token: user.accessToken });
    expectBadInput(res, /input\.comment.*NUL/);
    expect(await count('beta_feedback', `SELECT count(*)::int AS n FROM feedback WHERE account_id = $1`, [user.accountId])).toBe(0);
  });
});

describe('scalar values in the wrong format', () => {
  it('recordUsage with at: "yesterday" is BAD_USER_INPUT saying the DateTime format; no event is stored', async () => {
    const crew = await makeCrew();
    const slug = await launchExperiment(crew);
    const user = await makeCompliantUser('baddate');
    const res = await gql(`mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted } }`,
      { events: [{ experiment: slug, name: 'panel.opened', at: 'yesterday' }] }, { token: user.accessToken });
    expectBadInput(res, /events\[0\]\.at.*ISO-8601/);
    expect(await count('beta_feedback', `SELECT count(*)::int AS n FROM usage_events WHERE account_id = $1`, [user.accountId])).toBe(0);
  });

  it('publishAgreementVersion with effectiveAt: "soon" is BAD_USER_INPUT saying the format, as a variable and inline; no version is stored', async () => {
    const legal = await makeStaff('legal', ['LEGAL']);
    const versions = () => count('beta_agreements', `SELECT count(*)::int AS n FROM agreement_versions`);
    const before = await versions();
    const input = { kind: 'PRIVACY_POLICY', version: 'v-soon', text: 'Soon.', requiresReconsent: false, effectiveAt: 'soon' };
    const asVariable = await gql(`mutation($input: PublishAgreementVersionInput!) { publishAgreementVersion(input: $input) { id } }`, { input }, { token: legal.accessToken });
    expectBadInput(asVariable, /ISO-8601/);
    const inline = await gql(
      `mutation { publishAgreementVersion(input: { kind: PRIVACY_POLICY, version: "v-soon", text: "Soon.", requiresReconsent: false, effectiveAt: "soon" }) { id } }`,
      {}, { token: legal.accessToken },
    );
    expectBadInput(inline, /ISO-8601/);
    expect(await versions()).toBe(before);
  });
});
