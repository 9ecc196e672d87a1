/**
 * Conditional GETs: a complete answer to a GET query carries an ETag over the answer; If-None-Match
 * with that tag gets 304 and no body while nothing changed, and 200 with a new tag once something
 * did. Per account (private, Vary: Authorization); never on POSTs or answers with errors.
 */
import { BootstrapDocument, FeedbackDocument } from '../../client';
import { registeredOperations } from '../../client/generated/operations';
import { acceptCurrent } from '../support/agreements';
import { gql, signUpUser, type TestUser } from '../support/graphql-client';
import { testPlatform } from '../support/platform';
import { testClient } from '../support/typed-client';

function getById(name: string, headers: Record<string, string>, variables?: Record<string, unknown>) {
  const url = new URL(testPlatform().gatewayUrl);
  url.searchParams.set('operationName', name);
  if (variables) url.searchParams.set('variables', JSON.stringify(variables));
  url.searchParams.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash: registeredOperations[name].id } }));
  return fetch(url, { headers: { 'x-beta-client': 'addon', ...headers } });
}

describe('conditional GET of Bootstrap', () => {
  let user: TestUser;
  const auth = () => ({ authorization: `Bearer ${user.accessToken}` });

  beforeAll(async () => {
    user = await signUpUser('etag');
  });

  it('tags a complete answer, answers 304 without a body while it is unchanged, and 200 with a new tag after a change', async () => {
    const first = await getById('Bootstrap', auth());
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    expect(first.headers.get('vary')).toMatch(/Authorization/);
    expect(((await first.json()) as { data: { me: { consent: { compliant: boolean } } } }).data.me.consent.compliant).toBe(false);

    // Browsers send Cache-Control: no-cache with a request that carries its own If-None-Match.
    const again = await getById('Bootstrap', { ...auth(), 'if-none-match': etag, 'cache-control': 'no-cache' });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('x-request-id')).toBeTruthy();

    await acceptCurrent(user.accessToken, ['TERMS_OF_SERVICE', 'PRIVACY_POLICY']);
    const changed = await getById('Bootstrap', { ...auth(), 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(((await changed.json()) as { data: { me: { consent: { compliant: boolean } } } }).data.me.consent.compliant).toBe(true);
  });

  it('gives the typed client the data it holds, flagged notModified, and fresh data after a change', async () => {
    const client = testClient({ clientKind: 'addon', tokens: { accessToken: user.accessToken, refreshToken: user.refreshToken } });
    const first = await client.request(BootstrapDocument);
    const second = await client.request(BootstrapDocument);
    expect(first).toMatchObject({ ok: true, notModified: false });
    expect(second).toMatchObject({ ok: true, notModified: true });
    expect(second.ok && second.data).toEqual(first.ok && first.data);
    expect(client.exchanges.map((e) => e.status)).toEqual([200, 304]);
    expect(client.exchanges[1].headers['if-none-match']).toMatch(/^W\//);

    await gql('mutation($kind: AgreementKind!) { withdrawConsent(kind: $kind) { compliant } }', { kind: 'PRIVACY_POLICY' }, { token: user.accessToken });
    const third = await client.request(BootstrapDocument);
    expect(third).toMatchObject({ ok: true, notModified: false, data: { me: { consent: { compliant: false } } } });
  });

  it('does not tag POST answers or answers with errors', async () => {
    const post = await gql('query Bootstrap { me { id } }', {}, { token: user.accessToken });
    expect(post.status).toBe(200);
    expect(post.headers.get('etag')).toBeNull();

    // feedback() is for PRODUCT and UX staff: a user's GET gets FORBIDDEN, untagged.
    const refused = await getById('Feedback', auth(), { experiment: 'no-such-experiment' });
    const body = (await refused.json()) as { errors?: { extensions: { code: string } }[] };
    expect(body.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect(refused.headers.get('etag')).toBeNull();
    expect(refused.headers.get('cache-control')).toBe('no-store');

    const client = testClient({ tokens: { accessToken: user.accessToken, refreshToken: user.refreshToken } });
    await client.request(FeedbackDocument, { experiment: 'no-such-experiment' });
    await client.request(FeedbackDocument, { experiment: 'no-such-experiment' });
    expect(client.exchanges.map((e) => e.headers['if-none-match'])).toEqual([undefined, undefined]);
  });

  it('refuses a mutation sent as GET (405), so a link cannot change anything', async () => {
    const res = await getById('SignOut', auth());
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
