/**
 * The typed client (client/) against the real gateway: the sign-up flow a portal runs, ids only on
 * the wire (GET for queries, POST for mutations), coded errors as typed values, and the automatic
 * renewal of an expired access token — once, shared by concurrent requests, and forgetting the
 * session when the refresh token no longer works.
 */
import { AcceptAgreementsDocument, AgreementsDocument, BootstrapDocument, ExperimentsDocument, JoinChannelDocument, MyAccountDocument, SignOutDocument, SignUpDocument, SuspendedFeaturesDocument, type SessionTokens } from '../../client';
import { gql } from '../support/graphql-client';
import { craftToken, newestSigningKey, tokenPayload } from '../support/tokens';
import { signUpInput, testClient, type TestClient } from '../support/typed-client';

async function signedUp(client: TestClient): Promise<SessionTokens & { accountId: string }> {
  const result = await client.request(SignUpDocument, { input: signUpInput() });
  if (!result.ok) throw new Error(`signUp failed: ${JSON.stringify(result.error)}`);
  await client.setSession(result.data.signUp);
  return { ...result.data.signUp, accountId: result.data.signUp.account.id };
}

/** A correctly signed access token of the same session that expired a minute ago. */
async function expiredTokenLike(accessToken: string): Promise<string> {
  const { sub, sid, roles, channel } = tokenPayload(accessToken) as ReturnType<typeof tokenPayload> & { channel: string };
  const now = Math.floor(Date.now() / 1000);
  return craftToken(await newestSigningKey(), { sub, sid, roles, channel }, { issuedAt: now - 600, expiresAt: now - 60 });
}

describe('the typed client', () => {
  it('signs up, accepts the agreements and runs Bootstrap, sending only ids', async () => {
    const client = testClient({ clientKind: 'portal' });
    const { accountId } = await signedUp(client);
    const account = await client.request(MyAccountDocument);
    if (!account.ok) throw new Error(account.error.message);
    expect(account.data.me).toMatchObject({ id: accountId, status: 'ACTIVE', consent: { compliant: false } });
    expect(account.data.me!.consent!.pending.map((v) => v.kind).sort()).toEqual(['PRIVACY_POLICY', 'TERMS_OF_SERVICE']);
    const agreements = await client.request(AgreementsDocument);
    if (!agreements.ok) throw new Error(agreements.error.message);
    const versionIds = agreements.data.agreements.flatMap((a) => (a.currentVersion ? [a.currentVersion.id] : []));
    expect(agreements.data.agreements.every((a) => a.currentVersion!.text.length > 0)).toBe(true);

    const accepted = await client.request(AcceptAgreementsDocument, { versionIds });
    expect(accepted).toMatchObject({ ok: true, data: { acceptAgreements: { compliant: true, experimentalOptIn: true, pending: [] } } });

    const bootstrap = await client.request(BootstrapDocument);
    if (!bootstrap.ok) throw new Error(bootstrap.error.message);
    expect(bootstrap.errors).toEqual([]);
    expect(bootstrap.data.me).toMatchObject({ id: accountId, channel: 'BETA', consent: { compliant: true, pending: [], experimentalOptIn: true } });
    expect(Array.isArray(bootstrap.data.me!.enabledFeatures)).toBe(true);

    // On the wire: queries as GET, mutations as POST, never a document text, always the client kind.
    expect(client.sent()).toEqual(['SignUp', 'MyAccount', 'Agreements', 'AcceptAgreements', 'Bootstrap']);
    expect(client.exchanges.map((e) => e.method)).toEqual(['POST', 'GET', 'GET', 'POST', 'GET']);
    for (const exchange of client.exchanges) {
      expect(exchange.url.searchParams.get('query')).toBeNull();
      expect(exchange.body ?? '').not.toContain('"query"');
      expect(exchange.headers['x-beta-client']).toBe('portal');
    }
    // The consent ledger records which client accepted (x-beta-client).
    const tokens = (await client.store.load())!;
    const history = await gql<{ me: { consent: { history: { events: { client: string }[] } } } }>(
      '{ me { consent { history { events { client } } } } }', {}, { token: tokens.accessToken },
    );
    expect(history.data?.me.consent.history.events.map((e) => e.client)).toEqual(['PORTAL', 'PORTAL', 'PORTAL']);
  });

  it('hands coded errors over as typed values: field for bad input, missing for a precondition', async () => {
    const client = testClient({ clientKind: 'addon' });
    const tooShort = await client.request(SignUpDocument, { input: { ...signUpInput(), password: 'short' } });
    expect(tooShort).toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT', field: 'password', httpStatus: 200 } });
    expect(tooShort.ok || tooShort.error.requestId).toMatch(/^[\w.:-]{8,}$/);

    await signedUp(client);
    const join = await client.request(JoinChannelDocument, { channel: 'EXPERIMENTAL' });
    expect(join).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', missing: ['EXPERIMENTAL_OPT_IN'] } });
    expect(join.ok || join.error.message).toContain('accept its current version');
  });

  it('renews an expired access token with refreshSession and retries the request once', async () => {
    const client = testClient({ clientKind: 'addon' });
    const session = await signedUp(client);
    await client.setSession({ ...session, accessToken: await expiredTokenLike(session.accessToken) });
    client.exchanges.length = 0;

    const bootstrap = await client.request(BootstrapDocument);
    expect(bootstrap).toMatchObject({ ok: true, data: { me: { id: session.accountId } } });
    expect(client.sent()).toEqual(['Bootstrap', 'RefreshSession', 'Bootstrap']);
    expect(client.exchanges.map((e) => e.status)).toEqual([401, 200, 200]);
    expect(client.exchanges[1].headers.authorization).toBeUndefined();
    const renewed = (await client.store.load())!;
    expect(renewed.refreshToken).not.toBe(session.refreshToken);
    expect(tokenPayload(renewed.accessToken).sid).toBe(tokenPayload(session.accessToken).sid);
    expect(client.exchanges[2].headers.authorization).toBe(`Bearer ${renewed.accessToken}`);
  });

  it('shares one refresh among concurrent requests refused together (a second use would end the session)', async () => {
    const client = testClient({ clientKind: 'portal' });
    const session = await signedUp(client);
    await client.setSession({ ...session, accessToken: await expiredTokenLike(session.accessToken) });
    client.exchanges.length = 0;

    const results = await Promise.all([
      client.request(BootstrapDocument),
      client.request(MyAccountDocument),
      client.request(SuspendedFeaturesDocument),
      client.request(ExperimentsDocument, { first: 5 }),
      client.request(BootstrapDocument),
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(client.sent().filter((name) => name === 'RefreshSession')).toHaveLength(1);
    // The session lives on: its (new) refresh token still works, so the old one was used only once.
    const renewed = (await client.store.load())!;
    await client.setSession({ ...renewed, accessToken: await expiredTokenLike(renewed.accessToken) });
    expect(await client.request(BootstrapDocument)).toMatchObject({ ok: true, data: { me: { id: session.accountId } } });
  });

  it('forgets the session when the refresh token no longer works, and says to sign in again', async () => {
    const client = testClient({ clientKind: 'portal' });
    const session = await signedUp(client);
    expect(await client.request(SignOutDocument)).toMatchObject({ ok: true, data: { signOut: true } });
    await client.setSession({ ...session, accessToken: await expiredTokenLike(session.accessToken) });

    const bootstrap = await client.request(BootstrapDocument);
    expect(bootstrap).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(bootstrap.ok || bootstrap.error.message).toContain('Sign in again');
    expect(await client.store.load()).toBeNull();
    // Anonymous from now on: me is null, nothing is refreshed.
    client.exchanges.length = 0;
    expect(await client.request(BootstrapDocument)).toMatchObject({ ok: true, data: { me: null } });
    expect(client.sent()).toEqual(['Bootstrap']);
  });
});
