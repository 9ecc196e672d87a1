/**
 * Trusted documents. With TRUSTED_DOCUMENTS_ONLY=true (the production setting; a gateway of this
 * file's own) clients run only the operations of client/operations, by id or as the identical
 * text; ad-hoc operations need a staff role. In every mode the manifest is read-only: APQ-style
 * registration of an unknown document stores nothing.
 */
import { createHash } from 'node:crypto';
import { AgreementsDocument, BootstrapDocument, SignUpDocument } from '../../client';
import { registeredOperations } from '../../client/generated/operations';
import manifest from '../../client/generated/manifest.json';
import { startOwnGateway, type GatewayProcess } from '../support/gateway-process';
import { gql, signUpUser, type GqlResponse, type TestUser } from '../support/graphql-client';
import { testPlatform } from '../support/platform';
import { signUpStaff } from '../support/staff';
import { signUpInput, testClient } from '../support/typed-client';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const byId = (id: string) => ({ persistedQuery: { version: 1, sha256Hash: id } });

async function post(url: string, body: Record<string, unknown>, token?: string): Promise<GqlResponse<unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { data?: unknown; errors?: GqlResponse<unknown>['errors'] };
  return { status: res.status, data: json.data, errors: json.errors, headers: res.headers };
}

const codes = (res: GqlResponse<unknown>) => (res.errors ?? []).map((e) => e.extensions?.code);
const AD_HOC = 'query Mine { me { id roles } }';

describe('with TRUSTED_DOCUMENTS_ONLY=true', () => {
  let gateway: GatewayProcess;
  let user: TestUser;
  let ops: TestUser;

  beforeAll(async () => {
    [gateway, user, ops] = await Promise.all([startOwnGateway({ TRUSTED_DOCUMENTS_ONLY: 'true' }), signUpUser('trusted'), signUpStaff(['OPS'], 'trusted-ops')]);
  });
  afterAll(() => gateway?.stop());

  it('serves the typed client, which sends ids only', async () => {
    const client = testClient({ url: gateway.url, clientKind: 'addon' });
    const signedUp = await client.request(SignUpDocument, { input: signUpInput('trusted-client') });
    if (!signedUp.ok) throw new Error(signedUp.error.message);
    await client.setSession(signedUp.data.signUp);
    expect(await client.request(AgreementsDocument)).toMatchObject({ ok: true });
    expect(await client.request(BootstrapDocument)).toMatchObject({ ok: true, data: { me: { id: signedUp.data.signUp.account.id } } });
  });

  it('refuses an ad-hoc operation, anonymous or from a user, before parsing it, with PERSISTED_QUERY_NOT_ALLOWED', async () => {
    for (const token of [undefined, user.accessToken]) {
      const res = await post(gateway.url, { query: AD_HOC }, token);
      expect(res.status).toBe(400);
      expect(codes(res)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
      expect(res.errors![0].message).toContain('registered');
      expect(res.data).toBeUndefined();
    }
    // Sent as GET, alone or next to a registered text.
    const registered = (manifest as Record<string, string>)[registeredOperations.Agreements.id];
    for (const search of [`query=${encodeURIComponent(AD_HOC)}`, `query=${encodeURIComponent(registered)}&query=${encodeURIComponent(AD_HOC)}`]) {
      const res = await fetch(`${gateway.url}?${search}`, { headers: { 'x-beta-client': 'portal' } });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    }
    // Even a document too big to parse is refused as untrusted, not as too complex.
    const huge = await post(gateway.url, { query: `{ ${'me { id } '.repeat(2000)} }` });
    expect(codes(huge)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
  });

  it('runs an ad-hoc operation for a staff role (ops tools)', async () => {
    const res = await post(gateway.url, { query: AD_HOC }, ops.accessToken);
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ me: { id: ops.accountId, roles: expect.arrayContaining(['OPS']) } });
  });

  it('runs the exact text of a registered document (an older client without ids)', async () => {
    const text = (manifest as Record<string, string>)[registeredOperations.Agreements.id];
    const res = await post(gateway.url, { query: text });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
  });

  it('cannot be extended by APQ registration, even by staff', async () => {
    const registering = await post(gateway.url, { query: AD_HOC, extensions: byId(sha256(AD_HOC)) }, user.accessToken);
    expect(codes(registering)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    const byStaff = await post(gateway.url, { query: AD_HOC, extensions: byId(sha256(AD_HOC)) }, ops.accessToken);
    expect(byStaff.status).toBe(200);
    const later = await post(gateway.url, { extensions: byId(sha256(AD_HOC)) }, user.accessToken);
    expect(codes(later)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(later.errors![0].message).toContain('No registered operation has this id');
  });
});

describe('in development (the shared test platform, TRUSTED_DOCUMENTS_ONLY unset)', () => {
  it('runs ad-hoc operations and registered ids, and still stores nothing a client sends', async () => {
    const adHoc = 'query Registering { __typename }';
    expect((await gql(adHoc)).data).toEqual({ __typename: 'Query' });
    const url = testPlatform().gatewayUrl;
    expect((await post(url, { query: adHoc, extensions: byId(sha256(adHoc)) })).data).toEqual({ __typename: 'Query' });
    expect(codes(await post(url, { extensions: byId(sha256(adHoc)) }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect((await post(url, { extensions: byId(registeredOperations.Agreements.id) })).errors).toBeUndefined();
  });

  it('refuses an id that does not hash the text sent with it, and an unknown extension version, with BAD_REQUEST saying why', async () => {
    const url = testPlatform().gatewayUrl;
    const mismatch = await post(url, { query: '{ __typename }', extensions: byId(registeredOperations.Agreements.id) });
    expect(mismatch.status).toBe(400);
    expect(mismatch.errors).toEqual([{ message: expect.stringContaining('is not the SHA-256 of the query sent with it'), extensions: { code: 'BAD_REQUEST' } }]);
    const version = await post(url, { extensions: { persistedQuery: { version: 2, sha256Hash: registeredOperations.Agreements.id } } });
    expect(version.status).toBe(400);
    expect(version.errors).toEqual([{ message: expect.stringContaining('Only version 1'), extensions: { code: 'BAD_REQUEST' } }]);
  });
});
