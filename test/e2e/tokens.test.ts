import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { gql, errorCodes, signUpUser, type TestUser } from '../support/graphql-client';
import { withDatabase } from '../support/database';
import { craftToken, fetchJwks, signingKeyByKid, tokenKid, tokenPayload, type TestSigningKey } from '../support/tokens';

const ME = `query Me { me { id roles } }`;

/** A request through the gateway with a raw Authorization header. */
async function meWithAuthorization(authorization: string) {
  return gql<{ me: { id: string; roles: string[] } | null }>(ME, {}, { headers: { authorization } });
}

function expectRefused(res: Awaited<ReturnType<typeof meWithAuthorization>>) {
  expect(res.status).toBe(401);
  expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
  expect(res.data ?? null).toBeNull();
}

describe('access tokens at the gateway', () => {
  let user: TestUser;
  let key: TestSigningKey;
  let sessionId: string;

  beforeAll(async () => {
    user = await signUpUser('tokens');
    // Craft with the key identity signed this user's token with: the gateway has accepted that key
    // (checked here), so the cases below differ from a good token only by the defect they put in.
    const me = await gql<{ me: { id: string } }>(ME, {}, { token: user.accessToken });
    expect(me.data!.me.id).toBe(user.accountId);
    key = await signingKeyByKid(tokenKid(user.accessToken));
    sessionId = await withDatabase('beta_identity', async (db) =>
      (await db.query<{ id: string }>('SELECT id FROM sessions WHERE account_id = $1', [user.accountId])).rows[0].id,
    );
    expect(sessionId).toBe(tokenPayload(user.accessToken).sid);
  });

  const claims = () => ({ sub: user.accountId, sid: sessionId, roles: ['USER'] });

  it('accepts a well-formed token signed with the real key (so the refusals below are due to their defect)', async () => {
    const token = await craftToken(key, claims());
    const res = await meWithAuthorization(`Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data!.me).toEqual({ id: user.accountId, roles: ['USER'] });
  });

  it('refuses a token whose payload was changed after signing (roles raised, signature kept)', async () => {
    const [header, payload, signature] = user.accessToken.split('.');
    const claimsIn = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const raised = Buffer.from(JSON.stringify({ ...claimsIn, roles: ['USER', 'OPS'] })).toString('base64url');
    expectRefused(await meWithAuthorization(`Bearer ${header}.${raised}.${signature}`));
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await craftToken(key, claims(), { issuedAt: now - 3600, expiresAt: now - 600 });
    const res = await meWithAuthorization(`Bearer ${token}`);
    expectRefused(res);
    expect(res.errors![0].message).toMatch(/expired/);
  });

  it('refuses a token without an expiry (exp), which would never stop working', async () => {
    const res = await meWithAuthorization(`Bearer ${await craftToken(key, claims(), { expiresAt: null })}`);
    expectRefused(res);
    expect(res.errors![0].message).toMatch(/no expiry time \(exp claim\)/);
  });

  it('refuses a token valid for a day (identity issues 15-minute tokens)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await meWithAuthorization(`Bearer ${await craftToken(key, claims(), { issuedAt: now, expiresAt: now + 86_400 })}`);
    expectRefused(res);
    expect(res.errors![0].message).toMatch(/valid for 86400 s; beta access tokens live at most 900 s/);
  });

  it('accepts a token with exactly the configured lifetime (15 minutes)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await meWithAuthorization(`Bearer ${await craftToken(key, claims(), { issuedAt: now, expiresAt: now + 900 })}`);
    expect(res.status).toBe(200);
    expect(res.data!.me).toEqual({ id: user.accountId, roles: ['USER'] });
  });

  it('refuses a token without an issue time (iat), whose lifetime cannot be told', async () => {
    const res = await meWithAuthorization(`Bearer ${await craftToken(key, claims(), { issuedAt: null })}`);
    expectRefused(res);
    expect(res.errors![0].message).toMatch(/no issue time \(iat claim\)/);
  });

  it('refuses a token dated an hour in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await meWithAuthorization(`Bearer ${await craftToken(key, claims(), { issuedAt: now + 3600, expiresAt: now + 3600 + 900 })}`);
    expectRefused(res);
    expect(res.errors![0].message).toMatch(/dated in the future/);
  });

  it('refuses a token from another issuer (e.g. production identity)', async () => {
    const token = await craftToken(key, claims(), { issuer: 'urn:production:identity' });
    const res = await meWithAuthorization(`Bearer ${token}`);
    expectRefused(res);
    expect(res.errors![0].message).toMatch(/issuer or audience/);
  });

  it('refuses a token for another audience', async () => {
    const token = await craftToken(key, claims(), { audience: 'urn:production:gateway' });
    expectRefused(await meWithAuthorization(`Bearer ${token}`));
  });

  it('refuses a token signed by an unknown key', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const token = await craftToken({ kid: randomUUID(), privateKey }, claims());
    const res = await meWithAuthorization(`Bearer ${token}`);
    expectRefused(res);
    expect(res.errors![0].message).toMatch(/unknown key/);
  });

  it('refuses a token signed by another key that reuses the real kid', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const token = await craftToken({ kid: key.kid, privateKey }, claims());
    expectRefused(await meWithAuthorization(`Bearer ${token}`));
  });

  it('refuses "Authorization: Basic …"', async () => {
    const basic = Buffer.from(`${user.email}:${user.password}`).toString('base64');
    const res = await meWithAuthorization(`Basic ${basic}`);
    expectRefused(res);
    expect(res.errors![0].message).toMatch(/Bearer/);
  });

  it('refuses a bearer value that is not a JWT', async () => {
    expectRefused(await meWithAuthorization('Bearer not-a-jwt'));
  });
});

describe('JWKS of identity', () => {
  it('publishes the signing key (no gateway signature needed) as a public Ed25519 JWK with its kid, without the private part', async () => {
    const user = await signUpUser('jwks');
    const { status, body } = await fetchJwks();
    expect(status).toBe(200);
    expect(body.keys.length).toBeGreaterThan(0);
    const published = body.keys.find((k) => k.kid === tokenKid(user.accessToken));
    expect(published).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(typeof published!.x).toBe('string');
    for (const jwk of body.keys) {
      expect(jwk).toHaveProperty('kid');
      expect(jwk).not.toHaveProperty('d');
    }
  });
});
