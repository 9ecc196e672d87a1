/**
 * Publishing new versions changes what every account must accept, so this file runs on its own
 * platform instead of the shared one.
 */
import type { ChildProcess } from 'node:child_process';
import { gql, errorCodes, signUpUser, type GqlOptions } from '../support/graphql-client';
import { startTestPlatform, stopTestPlatform, type TestPlatform } from '../support/platform';
import { signUpStaff } from '../support/staff';
import { acceptCurrent, currentVersions } from '../support/agreements';

let platform: TestPlatform;
let child: ChildProcess;
let on: GqlOptions;

beforeAll(async () => {
  ({ platform, child } = await startTestPlatform({ exportToEnv: false }));
  on = { url: platform.gatewayUrl };
}, 120_000);

afterAll(async () => {
  if (child) await stopTestPlatform(child, platform.dataDir);
});

const PUBLISH = `mutation($input: PublishAgreementVersionInput!) {
  publishAgreementVersion(input: $input) { id kind version textSha256 requiresReconsent effectiveAt }
}`;

async function consent(token: string) {
  const res = await gql<{ me: { consent: { compliant: boolean; pending: { kind: string; version: string }[] } } }>(
    `{ me { consent { compliant pending { kind version } } } }`, {}, { ...on, token },
  );
  return res.data!.me.consent;
}

describe('publishing agreement versions', () => {
  it('only LEGAL staff may publish', async () => {
    const user = await signUpUser('notlegal', undefined, on);
    const res = await gql(PUBLISH, { input: { kind: 'TERMS_OF_SERVICE', version: 'v9', text: 'x', requiresReconsent: false } }, { ...on, token: user.accessToken });
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    expect(res.errors![0].message).toMatch(/LEGAL/);
  });

  it('a version that requires re-consent makes accounts non-compliant until they accept it; the old version can no longer be accepted', async () => {
    const legal = await signUpStaff(['LEGAL'], 'legal', on, platform);
    const user = await signUpUser('reconsent', undefined, on);
    const v1 = await currentVersions(on);
    await acceptCurrent(user.accessToken, ['TERMS_OF_SERVICE', 'PRIVACY_POLICY'], on);
    expect((await consent(user.accessToken)).compliant).toBe(true);

    const published = await gql<{ publishAgreementVersion: { id: string; version: string } }>(
      PUBLISH, { input: { kind: 'TERMS_OF_SERVICE', version: 'v2', text: '# ToS v2\nNew terms.', summaryOfChanges: 'New quotas', requiresReconsent: true } }, { ...on, token: legal.accessToken },
    );
    expect(published.errors).toBeUndefined();
    const after = await consent(user.accessToken);
    expect(after).toEqual({ compliant: false, pending: [{ kind: 'TERMS_OF_SERVICE', version: 'v2' }] });

    const stale = await gql(`mutation($ids: [ID!]!) { acceptAgreements(versionIds: $ids) { compliant } }`, { ids: [v1.TERMS_OF_SERVICE.id] }, { ...on, token: user.accessToken });
    expect(errorCodes(stale)).toEqual(['BAD_USER_INPUT']);
    expect(stale.errors![0].message).toContain(published.data!.publishAgreementVersion.id);

    await acceptCurrent(user.accessToken, ['TERMS_OF_SERVICE'], on);
    expect(await consent(user.accessToken)).toEqual({ compliant: true, pending: [] });
  });

  it('a version without re-consent keeps accounts compliant; a future version is not current until its date', async () => {
    const legal = await signUpStaff(['LEGAL'], 'legal2', on, platform);
    const user = await signUpUser('minor', undefined, on);
    await acceptCurrent(user.accessToken, ['TERMS_OF_SERVICE', 'PRIVACY_POLICY'], on);
    const minor = await gql(PUBLISH, { input: { kind: 'PRIVACY_POLICY', version: 'v1.1', text: 'Typo fixes.', requiresReconsent: false } }, { ...on, token: legal.accessToken });
    expect(minor.errors).toBeUndefined();
    expect((await consent(user.accessToken)).compliant).toBe(true);

    const future = new Date(Date.now() + 86_400_000).toISOString();
    const later = await gql(PUBLISH, { input: { kind: 'PRIVACY_POLICY', version: 'v3', text: 'Next year.', requiresReconsent: true, effectiveAt: future } }, { ...on, token: legal.accessToken });
    expect(later.errors).toBeUndefined();
    const res = await gql<{ agreements: { kind: string; currentVersion: { version: string }; versions: { version: string }[] }[] }>(
      `{ agreements { kind currentVersion { version } versions { version } } }`, {}, on,
    );
    const pp = res.data!.agreements.find((a) => a.kind === 'PRIVACY_POLICY')!;
    expect(pp.currentVersion.version).toBe('v1.1');
    expect(pp.versions.map((v) => v.version)).toEqual(['v3', 'v1.1', 'v1']);
    expect((await consent(user.accessToken)).compliant).toBe(true);
  });

  it('refuses a duplicate label with CONFLICT and bad input with BAD_USER_INPUT naming the field', async () => {
    const legal = await signUpStaff(['LEGAL'], 'legal3', on, platform);
    const token = { ...on, token: legal.accessToken };
    const dup = await gql(PUBLISH, { input: { kind: 'EXPERIMENTAL_OPT_IN', version: 'v1', text: 'again', requiresReconsent: false } }, token);
    expect(errorCodes(dup)).toEqual(['CONFLICT']);
    const cases: [Record<string, unknown>, string][] = [
      [{ version: 'has space' }, 'version'],
      [{ text: '   ' }, 'text'],
      [{ effectiveAt: '2020-01-01T00:00:00Z' }, 'effectiveAt'],
    ];
    for (const [override, field] of cases) {
      const res = await gql(PUBLISH, { input: { kind: 'EXPERIMENTAL_OPT_IN', version: 'v7', text: 'ok', requiresReconsent: false, ...override } }, token);
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe(field);
    }
  });
});
