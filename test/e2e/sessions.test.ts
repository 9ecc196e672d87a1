import { gql, errorCodes, signUpUser, type GqlResponse } from '../support/graphql-client';
import { withDatabase } from '../support/database';

const REFRESH = `mutation Refresh($refreshToken: String!) {
  refreshSession(refreshToken: $refreshToken) { accessToken refreshToken accessTokenExpiresAt }
}`;
const SIGN_OUT = `mutation SignOut { signOut }`;
const ME = `query Me { me { id } }`;

type Tokens = { accessToken: string; refreshToken: string; accessTokenExpiresAt: string };

const refresh = (refreshToken: string) => gql<{ refreshSession: Tokens }>(REFRESH, { refreshToken });

function tokensOf(res: GqlResponse<{ refreshSession: Tokens }>): Tokens {
  if (!res.data?.refreshSession) throw new Error(`refreshSession failed: ${JSON.stringify(res.errors)}`);
  return res.data.refreshSession;
}

async function meId(accessToken: string): Promise<string | null> {
  const res = await gql<{ me: { id: string } | null }>(ME, {}, { token: accessToken });
  expect(res.errors).toBeUndefined();
  return res.data!.me?.id ?? null;
}

/**
 * The access token no longer signs anyone in: identity answers me = null for an ended session (and
 * a gateway that has learned of the revocation may refuse the token outright, which is as good).
 */
async function expectSessionEnded(accessToken: string) {
  const res = await gql<{ me: { id: string } | null }>(ME, {}, { token: accessToken });
  if (res.status === 401) expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
  else expect({ errors: res.errors, data: res.data }).toEqual({ errors: undefined, data: { me: null } });
}

const sessionRevokedReason = (accountId: string) =>
  withDatabase('beta_identity', async (db) =>
    (await db.query<{ revoked_reason: string | null }>('SELECT revoked_reason FROM sessions WHERE account_id = $1', [accountId])).rows.map(
      (r) => r.revoked_reason,
    ),
  );

describe('refreshSession', () => {
  it('rotates: the new pair works and the old refresh token is refused', async () => {
    const user = await signUpUser('rotate');
    const first = tokensOf(await refresh(user.refreshToken));
    expect(first.refreshToken).not.toBe(user.refreshToken);
    expect(new Date(first.accessTokenExpiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(await meId(first.accessToken)).toBe(user.accountId);

    // The new refresh token is itself good for one more rotation.
    const second = tokensOf(await refresh(first.refreshToken));
    expect(await meId(second.accessToken)).toBe(user.accountId);

    const old = await refresh(user.refreshToken);
    expect(errorCodes(old)).toEqual(['UNAUTHENTICATED']);
    expect(old.data).toBeNull();
  });

  it('reusing an already-used refresh token revokes the whole session', async () => {
    const user = await signUpUser('reuse');
    const next = tokensOf(await refresh(user.refreshToken));

    const reuse = await refresh(user.refreshToken);
    expect(errorCodes(reuse)).toEqual(['UNAUTHENTICATED']);
    expect(reuse.errors![0].message).toMatch(/already used/);

    // The newest refresh token of that session, never used, now fails too, and the session is over.
    const newest = await refresh(next.refreshToken);
    expect(errorCodes(newest)).toEqual(['UNAUTHENTICATED']);
    await expectSessionEnded(next.accessToken);
    expect(await sessionRevokedReason(user.accountId)).toEqual(['refresh token reused']);
  });

  it('refuses a refresh token that was never issued', async () => {
    const res = await refresh('rt_this-token-was-never-issued-by-identity');
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('does not end other sessions of the same account on reuse', async () => {
    const user = await signUpUser('twosessions');
    const signIn = await gql<{ signIn: Tokens }>(
      `mutation SignIn($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken accessTokenExpiresAt } }`,
      { input: { email: user.email, password: user.password } },
    );
    const other = signIn.data!.signIn;
    await refresh(user.refreshToken);
    expect(errorCodes(await refresh(user.refreshToken))).toEqual(['UNAUTHENTICATED']);
    expect(await meId(other.accessToken)).toBe(user.accountId);
    expect(tokensOf(await refresh(other.refreshToken)).accessToken).toBeTruthy();
  });
});

describe('signOut', () => {
  it('ends the session: me is null with the same access token and the refresh token is refused', async () => {
    const user = await signUpUser('signout');
    expect(await meId(user.accessToken)).toBe(user.accountId);

    const out = await gql<{ signOut: boolean }>(SIGN_OUT, {}, { token: user.accessToken });
    expect(out.errors).toBeUndefined();
    expect(out.data).toEqual({ signOut: true });

    await expectSessionEnded(user.accessToken);
    const res = await refresh(user.refreshToken);
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    expect(await sessionRevokedReason(user.accountId)).toEqual(['signed out']);
  });

  it('refuses signOut without a token with UNAUTHENTICATED', async () => {
    const res = await gql(SIGN_OUT);
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
  });
});
