import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gql, errorCodes, signUpUser } from '../support/graphql-client';
import { withDatabase } from '../support/database';
import { testPlatform } from '../support/platform';
import { acceptCurrent, currentVersions } from '../support/agreements';

const CONSENT = `query { me { consent {
  compliant experimentalOptIn
  pending { kind version }
  accepted { kind version { version } acceptedAt }
} } }`;

type ConsentView = { compliant: boolean; experimentalOptIn: boolean; pending: { kind: string }[]; accepted: { kind: string }[] };

async function consentOf(token: string): Promise<ConsentView> {
  const res = await gql<{ me: { consent: ConsentView } }>(CONSENT, {}, { token });
  if (!res.data?.me) throw new Error(JSON.stringify(res.errors));
  return res.data.me.consent;
}

const ledgerCount = (accountId: string) =>
  withDatabase('beta_agreements', async (db) => (await db.query('SELECT count(*)::int AS n FROM consent_ledger WHERE account_id = $1', [accountId])).rows[0].n as number);

describe('agreements and consent (through the gateway)', () => {
  it('lists the agreements without sign-in, each with a current v1 whose hash matches its text', async () => {
    const res = await gql<{ agreements: { kind: string; required: boolean; currentVersion: { id: string; version: string; text: string; textSha256: string; effectiveAt: string } }[] }>(
      `{ agreements { kind required currentVersion { id kind version text textSha256 effectiveAt } } }`,
    );
    expect(res.errors).toBeUndefined();
    const byKind = Object.fromEntries(res.data!.agreements.map((a) => [a.kind, a]));
    expect(Object.keys(byKind).sort()).toEqual(['EXPERIMENTAL_OPT_IN', 'PRIVACY_POLICY', 'TERMS_OF_SERVICE']);
    expect(byKind.TERMS_OF_SERVICE.required).toBe(true);
    expect(byKind.EXPERIMENTAL_OPT_IN.required).toBe(false);
    for (const a of res.data!.agreements) {
      expect(a.currentVersion.textSha256).toBe(createHash('sha256').update(a.currentVersion.text).digest('hex'));
      expect(a.currentVersion.text).toMatch(/BETA TEXT/);
    }
  });

  it('sign up → accept ToS + PP → compliant; accepting again adds no ledger row', async () => {
    const user = await signUpUser('consent');
    const before = await consentOf(user.accessToken);
    expect(before.compliant).toBe(false);
    expect(before.pending.map((p) => p.kind).sort()).toEqual(['PRIVACY_POLICY', 'TERMS_OF_SERVICE']);

    await acceptCurrent(user.accessToken, ['TERMS_OF_SERVICE', 'PRIVACY_POLICY']);
    const after = await consentOf(user.accessToken);
    expect(after).toMatchObject({ compliant: true, pending: [], experimentalOptIn: false });
    expect(after.accepted.map((a) => a.kind).sort()).toEqual(['PRIVACY_POLICY', 'TERMS_OF_SERVICE']);
    expect(await ledgerCount(user.accountId)).toBe(2);

    await acceptCurrent(user.accessToken, ['TERMS_OF_SERVICE', 'PRIVACY_POLICY']);
    expect(await ledgerCount(user.accountId)).toBe(2);
  });

  it('withdrawing the ToS makes the account non-compliant, with the ToS pending again', async () => {
    const user = await signUpUser('withdraw');
    await acceptCurrent(user.accessToken, ['TERMS_OF_SERVICE', 'PRIVACY_POLICY']);
    const res = await gql<{ withdrawConsent: ConsentView }>(
      `mutation { withdrawConsent(kind: TERMS_OF_SERVICE) { compliant pending { kind } accepted { kind } experimentalOptIn } }`, {}, { token: user.accessToken },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.withdrawConsent).toMatchObject({ compliant: false, pending: [{ kind: 'TERMS_OF_SERVICE' }], accepted: [{ kind: 'PRIVACY_POLICY' }] });
    expect(await ledgerCount(user.accountId)).toBe(3);
  });

  it('the experimental opt-in flag follows accept and withdraw', async () => {
    const user = await signUpUser('optin');
    expect((await acceptCurrent(user.accessToken, ['TERMS_OF_SERVICE', 'PRIVACY_POLICY', 'EXPERIMENTAL_OPT_IN'])).experimentalOptIn).toBe(true);
    const res = await gql<{ withdrawConsent: ConsentView }>(`mutation { withdrawConsent(kind: EXPERIMENTAL_OPT_IN) { compliant experimentalOptIn } }`, {}, { token: user.accessToken });
    expect(res.data!.withdrawConsent).toEqual({ compliant: true, experimentalOptIn: false });
  });

  it('refuses bad version ids by name and writes no ledger row', async () => {
    const user = await signUpUser('badids');
    const { TERMS_OF_SERVICE: tos } = await currentVersions();
    const cases: [unknown[], RegExp][] = [
      [[], /at least one/],
      [['not-a-uuid'], /Unknown agreement version id not-a-uuid/],
      [['00000000-0000-4000-8000-000000000000'], /Unknown agreement version id 00000000/],
      [[tos.id, tos.id], /listed twice/],
    ];
    for (const [ids, message] of cases) {
      const res = await gql(`mutation($ids: [ID!]!) { acceptAgreements(versionIds: $ids) { compliant } }`, { ids }, { token: user.accessToken });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].message).toMatch(message);
    }
    expect(await ledgerCount(user.accountId)).toBe(0);
  });

  it('refuses to withdraw what was never accepted, without a ledger row', async () => {
    const user = await signUpUser('neveraccepted');
    const res = await gql(`mutation { withdrawConsent(kind: PRIVACY_POLICY) { compliant } }`, {}, { token: user.accessToken });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].message).toMatch(/not accepted PRIVACY_POLICY/);
    expect(await ledgerCount(user.accountId)).toBe(0);
  });

  it('needs a sign-in to accept', async () => {
    const { TERMS_OF_SERVICE: tos } = await currentVersions();
    const res = await gql(`mutation($ids: [ID!]!) { acceptAgreements(versionIds: $ids) { compliant } }`, { ids: [tos.id] });
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('history is newest first and pages with a cursor; each event records client and a hashed address', async () => {
    const user = await signUpUser('history');
    await acceptCurrent(user.accessToken, ['TERMS_OF_SERVICE', 'PRIVACY_POLICY', 'EXPERIMENTAL_OPT_IN'], { headers: { 'x-beta-client': 'portal', 'x-forwarded-for': '203.0.113.9' } });
    await gql(`mutation { withdrawConsent(kind: EXPERIMENTAL_OPT_IN) { compliant } }`, {}, { token: user.accessToken });
    type Page = { events: { sequence: number; action: string; kind: string; client: string; clientAddressHash: string | null }[]; nextCursor: string | null };
    const page = async (after: string | null) =>
      (await gql<{ me: { consent: { history: Page } } }>(
        `query($after: String) { me { consent { history(first: 3, after: $after) { events { sequence action kind client clientAddressHash } nextCursor } } } }`,
        { after }, { token: user.accessToken },
      )).data!.me.consent.history;
    const first = await page(null);
    expect(first.events.map((e) => e.sequence)).toEqual([4, 3, 2]);
    expect(first.events[0]).toMatchObject({ action: 'WITHDRAW', kind: 'EXPERIMENTAL_OPT_IN' });
    const second = await page(first.nextCursor);
    expect(second.events.map((e) => e.sequence)).toEqual([1]);
    expect(second.nextCursor).toBeNull();
    expect(second.events[0].client).toBe('PORTAL');
    expect(second.events[0].clientAddressHash).toMatch(/^[0-9a-f]{64}$/);
    const stored = await withDatabase('beta_agreements', async (db) =>
      (await db.query(`SELECT * FROM consent_ledger WHERE account_id = $1`, [user.accountId])).rows);
    expect(JSON.stringify(stored)).not.toContain('203.0.113.9');
  });

  it('proof verifies the chain, and a superuser UPDATE of a ledger row makes it unverifiable', async () => {
    const user = await signUpUser('tamper');
    await acceptCurrent(user.accessToken, ['TERMS_OF_SERVICE', 'PRIVACY_POLICY']);
    const proof = async () =>
      (await gql<{ me: { consent: { proof: { verified: boolean; events: { action: string; hash: string; previousHash: string | null }[] } } } }>(
        `{ me { consent { proof(kind: TERMS_OF_SERVICE) { verified events { action hash previousHash } } } } }`, {}, { token: user.accessToken },
      )).data!.me.consent.proof;
    const intact = await proof();
    expect(intact.verified).toBe(true);
    expect(intact.events).toHaveLength(1);
    expect(intact.events[0].hash).toMatch(/^[0-9a-f]{64}$/);

    await withDatabase('beta_agreements', async (db) => {
      // The append-only trigger stops even a superuser; an attacker with superuser rights can switch it off.
      await db.query(`SET session_replication_role = replica`);
      await db.query(`UPDATE consent_ledger SET at = at - interval '1 day' WHERE account_id = $1 AND sequence = 1`, [user.accountId]);
    });
    expect((await proof()).verified).toBe(false);
  });

  it("the agreements subgraph's own role cannot UPDATE, DELETE or TRUNCATE ledger rows", async () => {
    const user = await signUpUser('privileges');
    await acceptCurrent(user.accessToken, ['TERMS_OF_SERVICE']);
    const p = testPlatform();
    const secrets = JSON.parse(readFileSync(join(p.dataDir, 'secrets.json'), 'utf8')) as { databasePasswords: Record<string, string> };
    const db = new Client({ connectionString: `postgres://beta_agreements:${secrets.databasePasswords.agreements}@127.0.0.1:${p.pgPort}/beta_agreements` });
    await db.connect();
    try {
      for (const sql of [
        `UPDATE consent_ledger SET client = 'OTHER' WHERE account_id = '${user.accountId}'`,
        `DELETE FROM consent_ledger WHERE account_id = '${user.accountId}'`,
        `TRUNCATE consent_ledger`,
        `UPDATE agreement_versions SET text = 'rewritten'`,
      ]) {
        await expect(db.query(sql)).rejects.toMatchObject({ code: '42501' });
      }
    } finally {
      await db.end();
    }
    expect(await ledgerCount(user.accountId)).toBe(1);
  });

  it('50 concurrent acceptAgreements for one account leave one ACCEPT per version and an intact chain', async () => {
    const user = await signUpUser('concurrent');
    const versions = await currentVersions();
    const ids = [versions.TERMS_OF_SERVICE.id, versions.PRIVACY_POLICY.id, versions.EXPERIMENTAL_OPT_IN.id];
    const results = await Promise.all(
      Array.from({ length: 50 }, () => gql(`mutation($ids: [ID!]!) { acceptAgreements(versionIds: $ids) { compliant } }`, { ids }, { token: user.accessToken })),
    );
    expect(results.flatMap((r) => errorCodes(r))).toEqual([]);
    const rows = await withDatabase('beta_agreements', async (db) =>
      (await db.query(`SELECT version_id, count(*)::int AS n FROM consent_ledger WHERE account_id = $1 AND action = 'ACCEPT' GROUP BY version_id`, [user.accountId])).rows);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    const verified = await gql<{ me: { consent: { proof: { verified: boolean } } } }>(`{ me { consent { proof(kind: PRIVACY_POLICY) { verified } } } }`, {}, { token: user.accessToken });
    expect(verified.data!.me.consent.proof.verified).toBe(true);
  });
});
