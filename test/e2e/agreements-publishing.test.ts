/**
 * Publishing new versions changes what every account must accept, so this file runs on its own
 * platform instead of the shared one. The last part runs a second agreements process on that
 * platform's database: each keeps the catalog in memory, and a publication through one reaches the
 * other by NOTIFY.
 */
import type { ChildProcess } from 'node:child_process';
import { superuserUrl } from '../support/database';
import { freePorts } from '../support/free-port';
import { gql, errorCodes, signUpUser, type GqlOptions } from '../support/graphql-client';
import { startTestPlatform, stopTestPlatform, type TestPlatform } from '../support/platform';
import { spawnNode, stopNode, waitForHttpOk, type NodeProcess } from '../support/processes';
import { signUpStaff } from '../support/staff';
import { acceptCurrent, currentVersions } from '../support/agreements';
import { signedCaller, statementsOf, warmStatements } from '../support/subgraph-client';

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

describe('the agreement catalog across two replicas', () => {
  let second: NodeProcess | undefined;
  let replica: TestPlatform;

  beforeAll(async () => {
    const [port] = await freePorts(1);
    second = spawnNode('subgraphs/agreements/main.ts', [], {
      AGREEMENTS_PORT: String(port),
      AGREEMENTS_DATABASE_URL: superuserUrl('beta_agreements', platform),
      GATEWAY_SECRET: platform.gatewaySecret,
      // An hour: only a NOTIFY (or the reading at request time of what is held) can explain what it serves.
      CATALOG_RECHECK_SECONDS: '3600',
      LOG_LEVEL: 'warn',
    });
    replica = { ...platform, subgraphPorts: { ...platform.subgraphPorts, agreements: port } };
    await waitForHttpOk(`http://127.0.0.1:${port}/healthz`, second);
  });

  afterAll(async () => {
    await stopNode(second);
  });

  /** Polls `read` until `holds`; the deadline is generous (a loaded machine), the mechanism is what is tested. */
  async function until<T>(read: () => Promise<T>, holds: (value: T) => boolean, what: string): Promise<T> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const value = await read();
      if (holds(value)) return value;
      if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('a version published through one replica is pending on the other once its NOTIFY arrives; consent reads cost one statement', async () => {
    const [legal, user] = await Promise.all([signUpStaff(['LEGAL'], 'legal4', on, platform), signUpUser('replica', undefined, on)]);
    await acceptCurrent(user.accessToken, ['TERMS_OF_SERVICE', 'PRIVACY_POLICY'], on);
    const CONSENT = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Account { consent { compliant pending { kind version } } } } }`;
    const consentOnReplica = () =>
      statementsOf<{ _entities: { consent: { compliant: boolean; pending: { kind: string; version: string }[] } }[] }>(
        'agreements', CONSENT, { representations: [{ __typename: 'Account', id: user.accountId }] }, signedCaller({ accountId: user.accountId, roles: ['USER'] }), replica,
      );
    expect((await consentOnReplica()).data._entities[0].consent).toEqual({ compliant: true, pending: [] });
    // The account's accepted versions only: the catalog is in memory.
    expect((await warmStatements(async () => (await consentOnReplica()).statements)).warm).toBe(1);

    const published = await gql(PUBLISH, { input: { kind: 'TERMS_OF_SERVICE', version: 'v5-replicas', text: 'Terms for replicas.', requiresReconsent: true } }, { ...on, token: legal.accessToken });
    expect(published.errors).toBeUndefined();
    const seen = await until(consentOnReplica, (r) => r.data._entities[0].consent.pending.length > 0, 'the new version on the second replica');
    expect(seen.data._entities[0].consent).toEqual({ compliant: false, pending: [{ kind: 'TERMS_OF_SERVICE', version: 'v5-replicas' }] });
  });

  it('a version published to take effect in a few seconds becomes current on the other replica at its time, without any notification', async () => {
    const legal = await signUpStaff(['LEGAL'], 'legal5', on, platform);
    const CURRENT = `{ agreements { kind currentVersion { version } } }`;
    const privacyOnReplica = async () => {
      const { data, statements } = await statementsOf<{ agreements: { kind: string; currentVersion: { version: string } }[] }>('agreements', CURRENT, {}, signedCaller(), replica);
      return { version: data.agreements.find((a) => a.kind === 'PRIVACY_POLICY')!.currentVersion.version, statements };
    };
    const before = (await privacyOnReplica()).version;
    const effectiveAt = new Date(Date.now() + 5_000).toISOString();
    const soon = await gql(PUBLISH, { input: { kind: 'PRIVACY_POLICY', version: 'v4-soon', text: 'Soon.', requiresReconsent: false, effectiveAt } }, { ...on, token: legal.accessToken });
    expect(soon.errors).toBeUndefined();
    // Heard of (loaded) at publication, a moment ago, but not in force yet.
    const warm = await until(privacyOnReplica, (r) => r.statements === 0, 'the warm catalog');
    expect(warm.version).toBe(before);
    // At its date it is current, read from what is held (no statement: nothing was loaded for it).
    const current = await until(privacyOnReplica, (r) => r.version === 'v4-soon', 'the version at its date');
    expect(current.statements).toBe(0);
  });
});
