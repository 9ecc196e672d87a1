/** Helpers for the experiments tests: staff accounts with roles, consent-compliant users, launching experiments. */
import { randomBytes, randomUUID } from 'node:crypto';
import { gql, signUpUser, type GqlResponse, type TestUser } from './graphql-client';
import { acceptCurrent, currentVersions } from './agreements';
import { signUpStaff } from './staff';
import type { TestPlatform } from './platform';

/** The data of a response that must have succeeded; otherwise the errors, readable. */
export function ok<T>(res: GqlResponse<T>): T {
  if (res.errors?.length || !res.data) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors, null, 2)}`);
  return res.data;
}

/** A new account holding `roles` (granted by SQL, as ops would with the admin CLI), signed in again so its token carries them. */
/** Where the helpers send their calls: the shared test platform unless a test runs its own. */
export interface Target {
  url: string;
  platform: TestPlatform;
}

export const makeStaff = (prefix: string, roles: string[], target?: Target): Promise<TestUser> =>
  signUpStaff(roles, prefix, target ? { url: target.url } : {}, target?.platform);

export interface Crew {
  /** PRODUCT + ENGINEERING: proposes and owns. */
  owner: TestUser;
  /** Every process role: checks criteria, signs off, releases, launches. */
  approver: TestUser;
}

export async function makeCrew(target?: Target): Promise<Crew> {
  const [owner, approver] = await Promise.all([
    makeStaff('owner', ['PRODUCT', 'ENGINEERING'], target),
    makeStaff('approver', ['PRODUCT', 'ENGINEERING', 'UX', 'QA', 'SECURITY', 'PRIVACY', 'OPS'], target),
  ]);
  return { owner, approver };
}

/** Accepts the current versions of the given kinds (all kinds by default). */
export async function acceptAgreements(user: TestUser, kinds?: string[]): Promise<void> {
  await acceptCurrent(user.accessToken, kinds ?? Object.keys(await currentVersions()));
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
export async function launchExperiment(crew: Crew, options: LaunchOptions = {}, target?: Target): Promise<string> {
  const slug = options.slug ?? uniqueSlug('launch');
  const as = (user: TestUser) => ({ token: user.accessToken, url: target?.url });
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
