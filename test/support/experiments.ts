/** Helpers for the experiments tests: staff accounts with roles, consent-compliant users, launching experiments. */
import { randomBytes, randomUUID } from 'node:crypto';
import { gql, signUpUser, type GqlResponse, type TestUser } from './graphql-client';
import { withDatabase } from './database';
import { testPlatform } from './platform';

/** The data of a response that must have succeeded; otherwise the errors, readable. */
export function ok<T>(res: GqlResponse<T>): T {
  if (res.errors?.length || !res.data) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors, null, 2)}`);
  return res.data;
}

const SIGN_IN = `mutation SignIn($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken account { id } } }`;

/** A new account holding `roles` (granted by SQL, as ops would with the admin CLI), signed in again so its token carries them. */
export async function makeStaff(prefix: string, roles: string[]): Promise<TestUser> {
  const user = await signUpUser(prefix);
  await withDatabase('beta_identity', (db) => db.query(`UPDATE accounts SET roles = $2 WHERE id = $1`, [user.accountId, ['USER', ...roles]]));
  const res = ok(await gql<{ signIn: { accessToken: string; refreshToken: string } }>(SIGN_IN, { input: { email: user.email, password: user.password } }));
  return { ...user, accessToken: res.signIn.accessToken, refreshToken: res.signIn.refreshToken };
}

export interface Crew {
  /** PRODUCT + ENGINEERING: proposes and owns. */
  owner: TestUser;
  /** Every process role: checks criteria, signs off, releases, launches. */
  approver: TestUser;
}

export async function makeCrew(): Promise<Crew> {
  const [owner, approver] = await Promise.all([
    makeStaff('owner', ['PRODUCT', 'ENGINEERING']),
    makeStaff('approver', ['PRODUCT', 'ENGINEERING', 'UX', 'QA', 'SECURITY', 'PRIVACY', 'OPS']),
  ]);
  return { owner, approver };
}

const AGREEMENTS = `query { agreements { kind currentVersion { id } } }`;
const ACCEPT = `mutation Accept($ids: [ID!]!) { acceptAgreements(versionIds: $ids) { compliant experimentalOptIn } }`;

/** Accepts the current versions of the given kinds (all kinds by default). */
export async function acceptAgreements(user: TestUser, kinds?: string[]): Promise<void> {
  const list = ok(await gql<{ agreements: { kind: string; currentVersion: { id: string } | null }[] }>(AGREEMENTS)).agreements;
  const ids = list.filter((a) => a.currentVersion && (!kinds || kinds.includes(a.kind))).map((a) => a.currentVersion!.id);
  ok(await gql(ACCEPT, { ids }, { token: user.accessToken }));
}

/** A signed-up user who accepted every current agreement (so compliant, with the experimental opt-in). */
export async function makeCompliantUser(prefix = 'member'): Promise<TestUser> {
  const user = await signUpUser(prefix);
  await acceptAgreements(user);
  return user;
}

export const uniqueSlug = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
export const randomSha256 = () => randomBytes(32).toString('hex');

export interface LaunchOptions {
  slug?: string;
  tier?: 'BETA' | 'EXPERIMENTAL';
  optInPolicy?: 'CHANNEL' | 'PER_EXPERIMENT';
  rolloutPercent?: number;
  hasUserData?: boolean;
  exitThresholds?: { minFeedbackCount: number; minHappyShare?: number | null; minActiveAccounts30d: number };
}

const PROPOSE = `mutation Propose($input: ProposeExperimentInput!) { proposeExperiment(input: $input) { slug status } }`;
const CHECK = `mutation Check($slug: String!, $criterion: EntryCriterion!) { checkEntryCriterion(slug: $slug, criterion: $criterion) { slug } }`;
const SIGN = `mutation Sign($slug: String!, $kind: SignOffKind!, $revision: String) { signOff(slug: $slug, kind: $kind, revision: $revision) { id } }`;
const RELEASE = `mutation Release($slug: String!, $input: ReleaseRevisionInput!) { releaseRevision(slug: $slug, input: $input) { version } }`;
const TRANSITION = `mutation Move($slug: String!, $to: ExperimentStatus!, $reason: String) { transitionExperiment(slug: $slug, to: $to, reason: $reason) { status } }`;

/** Walks a new experiment through the API to IN_BETA with revision 1.0.0; returns its slug. */
export async function launchExperiment(crew: Crew, options: LaunchOptions = {}): Promise<string> {
  const slug = options.slug ?? uniqueSlug('launch');
  const as = (user: TestUser) => ({ token: user.accessToken });
  ok(await gql(PROPOSE, {
    input: {
      slug, name: `Launch ${slug}`, description: 'A feature launched by the test helper.', tier: options.tier ?? 'BETA',
      hasUserData: options.hasUserData ?? false, optInPolicy: options.optInPolicy ?? 'CHANNEL', rolloutPercent: options.rolloutPercent ?? 100,
      addonId: `${slug}@beta.example.org`,
      ...(options.exitThresholds ? { exitThresholds: options.exitThresholds } : {}),
    },
  }, as(crew.owner)));
  const criteria = ['PROTOTYPE_EVOLVED', 'PRODUCT_DESIRE_FOR_INCLUSION', 'REQUIREMENTS_DEFINED', ...(options.hasUserData ? ['USER_DATA_ASSESSMENT'] : [])];
  await Promise.all(criteria.map(async (criterion) => ok(await gql(CHECK, { slug, criterion }, as(crew.approver)))));
  await Promise.all(['SECURITY', 'PRIVACY', 'PRODUCT'].map(async (kind) => ok(await gql(SIGN, { slug, kind }, as(crew.approver)))));
  await Promise.all(['QA', 'UX', 'INFRASEC'].map(async (kind) => ok(await gql(SIGN, { slug, kind, revision: '1.0.0' }, as(crew.approver)))));
  ok(await gql(RELEASE, { slug, input: { version: '1.0.0', url: `https://addons.beta.example.org/${slug}-1.0.0.xpi`, sha256: randomSha256() } }, as(crew.approver)));
  ok(await gql(TRANSITION, { slug, to: 'IN_BETA' }, as(crew.approver)));
  return slug;
}

/** subgraph_db_queries_total of the experiments subgraph, from its /metrics. */
export async function experimentsQueryCount(): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${testPlatform().subgraphPorts.experiments}/metrics`);
  const line = (await res.text()).split('\n').find((l) => l.startsWith('subgraph_db_queries_total{subgraph="experiments"}'));
  if (!line) throw new Error('subgraph_db_queries_total{subgraph="experiments"} not found in the experiments /metrics');
  return Number(line.split(' ').pop());
}
