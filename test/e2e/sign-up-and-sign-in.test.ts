import { gql, errorCodes, signUpUser, uniqueEmail, DEFAULT_PASSWORD } from '../support/graphql-client';
import { withDatabase } from '../support/database';

const SIGN_UP = `mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { accessToken refreshToken accessTokenExpiresAt account { id email displayName channel roles status } }
}`;
const SIGN_IN = `mutation SignIn($input: SignInInput!) {
  signIn(input: $input) { accessToken refreshToken account { id email } }
}`;
const ME = `query { me { id email displayName channel roles status createdAt } }`;

describe('sign up, sign in, me (through the gateway)', () => {
  it('signs up, signs in and reads the account with one token', async () => {
    const email = uniqueEmail('Ann');
    const signUp = await gql<{ signUp: { accessToken: string; account: { id: string; email: string; channel: string; roles: string[]; status: string } } }>(
      SIGN_UP, { input: { email: `  ${email.toUpperCase()} `, password: DEFAULT_PASSWORD, displayName: '  Ann   Lee ' } },
    );
    expect(signUp.errors).toBeUndefined();
    const account = signUp.data!.signUp.account;
    expect(account).toMatchObject({ email: email.toLowerCase(), channel: 'BETA', roles: ['USER'], status: 'ACTIVE' });

    const signIn = await gql<{ signIn: { accessToken: string; account: { id: string } } }>(SIGN_IN, { input: { email, password: DEFAULT_PASSWORD } });
    expect(signIn.errors).toBeUndefined();
    expect(signIn.data!.signIn.account.id).toBe(account.id);

    const me = await gql<{ me: { id: string; email: string; displayName: string } }>(ME, {}, { token: signIn.data!.signIn.accessToken });
    expect(me.data!.me).toMatchObject({ id: account.id, email: email.toLowerCase(), displayName: 'Ann Lee' });
  });

  it('returns me = null without a token', async () => {
    const res = await gql(ME);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ me: null });
  });

  it('refuses a wrong password, and an unknown email, with the same UNAUTHENTICATED message', async () => {
    const user = await signUpUser('wrongpw');
    const wrong = await gql(SIGN_IN, { input: { email: user.email, password: 'not the password at all' } });
    const unknown = await gql(SIGN_IN, { input: { email: uniqueEmail('nobody'), password: 'not the password at all' } });
    expect(errorCodes(wrong)).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(unknown)).toEqual(['UNAUTHENTICATED']);
    expect(wrong.errors![0].message).toBe(unknown.errors![0].message);
  });

  it('refuses a second sign-up with the same email in another case with CONFLICT', async () => {
    const user = await signUpUser('dupe');
    const again = await gql(SIGN_UP, { input: { email: user.email.toUpperCase(), password: DEFAULT_PASSWORD, displayName: 'Dupe' } });
    expect(errorCodes(again)).toEqual(['CONFLICT']);
    expect(again.errors![0].message).toMatch(/already exists/);
  });

  it('two concurrent sign-ups of A@x.org and a@X.org yield exactly one account and one CONFLICT', async () => {
    const local = uniqueEmail('race').split('@')[0];
    const [first, second] = await Promise.all([
      gql(SIGN_UP, { input: { email: `${local.toUpperCase()}@x.org`, password: DEFAULT_PASSWORD, displayName: 'Race A' } }),
      gql(SIGN_UP, { input: { email: `${local}@X.org`, password: DEFAULT_PASSWORD, displayName: 'Race B' } }),
    ]);
    const codes = [...errorCodes(first), ...errorCodes(second)];
    expect(codes).toEqual(['CONFLICT']);
    const count = await withDatabase('beta_identity', async (db) =>
      (await db.query('SELECT count(*)::int AS n FROM accounts WHERE email = $1', [`${local}@x.org`])).rows[0].n,
    );
    expect(count).toBe(1);
  });

  it.each([
    [{ email: 'not-an-email', password: DEFAULT_PASSWORD, displayName: 'X' }, 'email'],
    [{ email: uniqueEmail(), password: 'short', displayName: 'X' }, 'password'],
    [{ email: 'same-as-password@example.org', password: 'same-as-password@example.org', displayName: 'X' }, 'password'],
    [{ email: uniqueEmail(), password: DEFAULT_PASSWORD, displayName: '   ' }, 'displayName'],
  ])('refuses invalid input %# with BAD_USER_INPUT naming the field, and stores nothing', async (input, field) => {
    const res = await gql(SIGN_UP, { input });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.field).toBe(field);
    const count = await withDatabase('beta_identity', async (db) =>
      (await db.query('SELECT count(*)::int AS n FROM accounts WHERE email = lower($1)', [input.email.trim()])).rows[0].n,
    );
    expect(count).toBe(0);
  });

  it('stores the password only as a salted scrypt hash', async () => {
    const user = await signUpUser('hash');
    const hash = await withDatabase('beta_identity', async (db) =>
      (await db.query('SELECT password_hash FROM accounts WHERE id = $1', [user.accountId])).rows[0].password_hash as string,
    );
    expect(hash.startsWith('scrypt$')).toBe(true);
    expect(hash).not.toContain(user.password);
  });
});
