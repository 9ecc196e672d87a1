/**
 * Every sampled account's Bootstrap answer must be exactly what the seeded data implies (no errors;
 * channel, consent and the enabled features with their latest revisions), from every gateway:
 * checked for each account before measuring, and for each answer during the load (load.ts). A
 * benchmark of an erroring or wrong query is worthless — and a gateway that merges concurrent users'
 * subgraph calls would be fast and wrong.
 */
import { isInRollout } from '../subgraphs/experiments/rollout';
import { gql } from '../test/support/graphql-client';
import type { TestPlatform } from '../test/support/platform';
import { addonId, artifactSha256, artifactUrl } from './experiments';
import { accountFacts, enrollmentsOf, EXPERIMENTS } from './population';
import { send, type Scenario } from './scenarios';
import type { BenchAccount } from './tokens';

interface BootstrapMe {
  id: string;
  email: string | null;
  channel: string;
  consent: { compliant: boolean; pending: { kind: string; version: string }[]; experimentalOptIn: boolean };
  enabledFeatures: { slug: string; tier: string; revision: { version: string; addonId: string; url: string; sha256: string } }[];
}

type GraphqlBody<T> = { data?: T | null; errors?: { message: string }[] };

/** What Bootstrap must answer for account n, from the seeding rules alone. */
export function expectedBootstrap(account: BenchAccount, currentVersions: Record<string, string>): BootstrapMe {
  const facts = accountFacts(account.n);
  const enrollments = enrollmentsOf(account.n);
  const accepted = new Set(
    facts.consent === 'NONE' ? [] : facts.consent === 'TERMS_ONLY' ? ['TERMS_OF_SERVICE'] : ['TERMS_OF_SERVICE', 'PRIVACY_POLICY', ...(facts.experimentalOptIn ? ['EXPERIMENTAL_OPT_IN'] : [])],
  );
  const compliant = facts.consent === 'COMPLIANT';
  const enabledFeatures = EXPERIMENTS
    .filter((e) => e.finalStatus === 'IN_BETA')
    .filter(() => compliant)
    .filter((e) => e.tier === 'BETA' || facts.channel === 'EXPERIMENTAL')
    .filter((e) => e.tier !== 'EXPERIMENTAL' || facts.experimentalOptIn)
    .filter((e) => e.requiredAgreements.every((kind) => accepted.has(kind)))
    .filter((e) => enrollments.get(e.slug) !== 'OPTED_OUT' && (e.optInPolicy === 'CHANNEL' || enrollments.get(e.slug) === 'OPTED_IN'))
    .filter((e) => isInRollout(account.accountId, e.slug, e.rolloutPercent))
    .map((e) => {
      const version = e.revisions[e.revisions.length - 1];
      return { slug: e.slug, tier: e.tier, revision: { version, addonId: addonId(e.slug), url: artifactUrl(e.slug, version), sha256: artifactSha256(e.slug, version) } };
    })
    .sort((a, b) => a.slug.localeCompare(b.slug));
  const pendingKinds = ['TERMS_OF_SERVICE', 'PRIVACY_POLICY'].filter((kind) => !accepted.has(kind));
  return {
    id: account.accountId,
    email: facts.email,
    channel: facts.channel,
    consent: { compliant, pending: pendingKinds.map((kind) => ({ kind, version: currentVersions[kind] })), experimentalOptIn: facts.experimentalOptIn },
    enabledFeatures,
  };
}

const canonical = (me: BootstrapMe) =>
  JSON.stringify({ ...me, enabledFeatures: [...me.enabledFeatures].sort((a, b) => a.slug.localeCompare(b.slug)) });

/** The canonical form of a Bootstrap answer body, or null when it has errors or no account. */
export function canonicalAnswer(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as GraphqlBody<{ me: BootstrapMe | null }>;
    return parsed.errors?.length || !parsed.data?.me ? null : canonical(parsed.data.me);
  } catch {
    return null;
  }
}

/** The versions in force now, by kind (what `pending` names). */
async function currentVersionsOf(platform: TestPlatform): Promise<Record<string, string>> {
  const agreements = await gql<{ agreements: { kind: string; currentVersion: { version: string } | null }[] }>(
    `{ agreements { kind currentVersion { version } } }`, {}, { url: platform.gatewayUrl },
  );
  if (!agreements.data) throw new Error(`agreements query failed: ${JSON.stringify(agreements.errors)}`);
  return Object.fromEntries(agreements.data.agreements.map((x) => [x.kind, x.currentVersion?.version ?? '']));
}

/** Per sampled account (by number), the canonical answer it must get. */
export async function expectedAnswers(platform: TestPlatform, accounts: BenchAccount[]): Promise<Map<number, string>> {
  const versions = await currentVersionsOf(platform);
  return new Map(accounts.map((account) => [account.n, canonical(expectedBootstrap(account, versions))]));
}

async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  }));
}

export interface VerificationSummary {
  accounts: number;
  compliant: number;
  withFeatures: number;
  averageFeatures: number;
  ledgerProofVerified: boolean;
}

export async function verifyResponses(platform: TestPlatform, accounts: BenchAccount[], list: Scenario[], expected: Map<number, string>): Promise<VerificationSummary> {
  const problems: string[] = [];
  let compliant = 0;
  let withFeatures = 0;
  let features = 0;
  await inParallel(accounts, 8, async (account) => {
    const want = expected.get(account.n)!;
    for (const scenario of list) {
      const res = await send(scenario, account);
      const got = res.status === 200 ? canonicalAnswer(res.body) : null;
      if (got !== want) {
        problems.push(`account #${account.n}, ${scenario.key} (${scenario.name}): HTTP ${res.status}\n    ${got ?? res.body.slice(0, 500)}\n  but the seeded data implies\n    ${want}`);
        return;
      }
    }
    const me = JSON.parse(want) as BootstrapMe;
    if (me.consent.compliant) compliant++;
    if (me.enabledFeatures.length) withFeatures++;
    features += me.enabledFeatures.length;
  });
  if (problems.length) {
    throw new Error(`${problems.length} of ${accounts.length} sampled accounts answered wrongly; first ones:\n  ${problems.slice(0, 5).join('\n  ')}`);
  }
  if (withFeatures === 0) throw new Error('No sampled account gets any enabled feature: the Bootstrap query would be measured without its main work.');
  if (compliant === 0 || compliant === accounts.length) throw new Error(`The sample should mix compliant and non-compliant accounts; ${compliant} of ${accounts.length} are compliant.`);

  // The seeded consent ledger must verify like one the API wrote (the hash chain re-computes).
  const optedIn = accounts.find((x) => accountFacts(x.n).experimentalOptIn)!;
  const proof = await gql<{ me: { consent: { proof: { verified: boolean; events: unknown[] } } } }>(
    `{ me { consent { proof(kind: EXPERIMENTAL_OPT_IN) { verified events { __typename } } } } }`, {}, { url: platform.gatewayUrl, token: optedIn.token },
  );
  const ledgerProofVerified = proof.data?.me.consent.proof.verified === true && proof.data.me.consent.proof.events.length === 1;
  if (!ledgerProofVerified) throw new Error(`The seeded consent ledger of account #${optedIn.n} does not verify: ${JSON.stringify(proof.data ?? proof.errors)}`);

  return { accounts: accounts.length, compliant, withFeatures, averageFeatures: features / accounts.length, ledgerProofVerified };
}
