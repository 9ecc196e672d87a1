/**
 * The ops CLI (`npm run admin -- …`) against the test platform's identity database, the way an
 * operator runs it next to `npm start`: DATA_DIR and PG_PORT locate the database and its secrets.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { gql, errorCodes, signUpUser, uniqueEmail, type TestUser } from '../support/graphql-client';
import { withDatabase } from '../support/database';
import { testPlatform } from '../support/platform';
import { runNode } from '../support/processes';
import { craftToken, fetchJwks, newestSigningKey, tokenKid, tokenPayload } from '../support/tokens';
import { ROLES } from '../../subgraphs/identity/accounts';

const admin = (...args: string[]) =>
  runNode('platform/admin.ts', args, { DATA_DIR: testPlatform().dataDir, PG_PORT: String(testPlatform().pgPort), LOG_LEVEL: 'warn' });

const REFRESH = `mutation Refresh($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { accessToken refreshToken } }`;
const ME = `query Me { me { id roles } }`;

async function refreshed(user: TestUser): Promise<TestUser> {
  const res = await gql<{ refreshSession: { accessToken: string; refreshToken: string } }>(REFRESH, { refreshToken: user.refreshToken });
  if (!res.data?.refreshSession) throw new Error(`refreshSession failed: ${JSON.stringify(res.errors)}`);
  return { ...user, ...res.data.refreshSession };
}

async function meRoles(accessToken: string): Promise<string[]> {
  const res = await gql<{ me: { roles: string[] } }>(ME, {}, { token: accessToken });
  expect(res.errors).toBeUndefined();
  return res.data!.me.roles;
}

const storedRoles = (accountId: string) =>
  withDatabase('beta_identity', async (db) => (await db.query<{ roles: string[] }>('SELECT roles FROM accounts WHERE id = $1', [accountId])).rows[0].roles);

describe('admin CLI: roles', () => {
  it('grant-role adds a role that the next refreshed token carries; revoke-role removes it', async () => {
    let user = await signUpUser('staff');

    const grant = await admin('grant-role', user.email.toUpperCase(), 'qa');
    expect(grant).toMatchObject({ code: 0 });
    expect(grant.stdout).toContain(`now has roles: USER, QA`);
    expect(await storedRoles(user.accountId)).toEqual(['USER', 'QA']);

    user = await refreshed(user);
    expect(tokenPayload(user.accessToken).roles).toEqual(['USER', 'QA']);
    expect(await meRoles(user.accessToken)).toEqual(['USER', 'QA']);

    // Granting again changes nothing.
    expect((await admin('grant-role', user.email, 'QA')).stdout).toContain('now has roles: USER, QA');

    const revoke = await admin('revoke-role', user.email, 'QA');
    expect(revoke).toMatchObject({ code: 0 });
    expect(revoke.stdout).toContain('now has roles: USER ');
    user = await refreshed(user);
    expect(tokenPayload(user.accessToken).roles).toEqual(['USER']);
    expect(await meRoles(user.accessToken)).toEqual(['USER']);
  });

  it('refuses an unknown role with exit 1 and the list of roles, changing nothing', async () => {
    const user = await signUpUser('badrole');
    const result = await admin('grant-role', user.email, 'WIZARD');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Unknown role "WIZARD"');
    for (const role of ROLES) expect(result.stderr).toContain(role);
    expect(await storedRoles(user.accountId)).toEqual(['USER']);
  });

  it('refuses to revoke USER, which every account keeps', async () => {
    const user = await signUpUser('keepuser');
    const result = await admin('revoke-role', user.email, 'USER');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/keeps the USER role/);
    expect(await storedRoles(user.accountId)).toEqual(['USER']);
  });

  it('refuses an email no account has with exit 1', async () => {
    const email = uniqueEmail('nobody');
    const result = await admin('grant-role', email, 'QA');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No beta account has the email ${email}`);
  });

  it('prints the usage for an unknown command with exit 1', async () => {
    const result = await admin('make-me-admin');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Usage: npm run admin -- grant-role EMAIL ROLE/);
  });
});

describe('admin CLI: rotate-signing-key', () => {
  it('publishes a new signing key and keeps the retired one, so tokens issued before still work', async () => {
    const user = await signUpUser('rotation');
    const oldKid = tokenKid(user.accessToken);
    expect(await meRoles(user.accessToken)).toEqual(['USER']);

    const rotate = await admin('rotate-signing-key');
    expect(rotate).toMatchObject({ code: 0 });
    const printedKid = /New signing key (\S+);/.exec(rotate.stdout)?.[1];

    // The newest key is the one the CLI made; every earlier key is retired (identity picks the new one
    // up within its key cache's minute, so this test does not wait for identity to sign with it).
    const keys = await withDatabase('beta_identity', async (db) =>
      (await db.query<{ kid: string; retired: boolean }>('SELECT kid, retired_at IS NOT NULL AS retired FROM signing_keys ORDER BY created_at DESC')).rows,
    );
    expect(keys[0]).toEqual({ kid: printedKid, retired: false });
    expect(printedKid).not.toBe(oldKid);
    expect(keys.slice(1).every((k) => k.retired)).toBe(true);
    expect(keys.map((k) => k.kid)).toContain(oldKid);

    const { body } = await fetchJwks();
    const published = body.keys.map((k) => k.kid);
    expect(published).toEqual(expect.arrayContaining([printedKid, oldKid]));

    // A token signed before the rotation still passes the gateway and reads the account.
    expect(await meRoles(user.accessToken)).toEqual(['USER']);

    // Tokens issued after the rotation work too, whichever key identity signs them with right now.
    const later = await gql<{ signIn: { accessToken: string } }>(
      `mutation SignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }`,
      { input: { email: user.email, password: user.password } },
    );
    expect(errorCodes(later)).toEqual([]);
    expect(published).toContain(tokenKid(later.data!.signIn.accessToken));
    // Publish before use: the new key only signs after SIGNING_KEY_ACTIVATION_SECONDS (120 s), so a
    // verifier never meets a token from a key it could not have fetched yet.
    expect(tokenKid(later.data!.signIn.accessToken)).toBe(oldKid);
    expect(await meRoles(later.data!.signIn.accessToken)).toEqual(['USER']);
  });

  it('the gateway accepts tokens of a freshly rotated key even right after it refetched its JWKS for an unknown key', async () => {
    const user = await signUpUser('rotation2');
    const sid = tokenPayload(user.accessToken).sid;
    // A token naming a key nobody published makes the gateway refetch the JWKS now (before the rotation).
    const { privateKey } = generateKeyPairSync('ed25519');
    const stranger = await craftToken({ kid: randomUUID(), privateKey }, { sub: user.accountId, sid, roles: ['USER'] });
    expect((await gql(ME, {}, { token: stranger })).status).toBe(401);

    expect(await admin('rotate-signing-key')).toMatchObject({ code: 0 });
    // Any identity replica may sign with the new key from now on: such a token must pass the gateway.
    // The gateway limits JWKS refetches to one a second, so allow it a few attempts.
    const token = await craftToken(await newestSigningKey(), { sub: user.accountId, sid, roles: ['USER'] });
    let res = await gql<{ me: { id: string } }>(ME, {}, { token });
    for (let attempt = 0; res.status === 401 && attempt < 20; attempt++) {
      await new Promise((r) => setTimeout(r, 250));
      res = await gql<{ me: { id: string } }>(ME, {}, { token });
    }
    expect(errorCodes(res)).toEqual([]);
    expect(res.data!.me.id).toBe(user.accountId);
  });
});
