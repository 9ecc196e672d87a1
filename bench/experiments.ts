/**
 * Creates the benchmark's experiments through the GraphQL API, as staff would: propose, check the
 * entry criteria, sign off, release each revision with its QA/UX/INFRASEC sign-offs, launch (and
 * pause one). So experiments, sign-offs, revisions and the audit log are exactly what the API writes.
 */
import { createHash } from 'node:crypto';
import { gql, type GqlResponse, type TestUser } from '../test/support/graphql-client';
import { signUpStaff } from '../test/support/staff';
import type { TestPlatform } from '../test/support/platform';
import type { ExperimentSpec } from './population';

function ok<T>(what: string, res: GqlResponse<T>): T {
  if (res.errors?.length || !res.data) throw new Error(`${what} failed: ${JSON.stringify(res.errors)}`);
  return res.data;
}

const PROPOSE = `mutation Propose($input: ProposeExperimentInput!) { proposeExperiment(input: $input) { slug status } }`;
const CHECK = `mutation Check($slug: String!, $criterion: EntryCriterion!) { checkEntryCriterion(slug: $slug, criterion: $criterion) { slug } }`;
const SIGN = `mutation Sign($slug: String!, $kind: SignOffKind!, $revision: String) { signOff(slug: $slug, kind: $kind, revision: $revision) { id } }`;
const RELEASE = `mutation Release($slug: String!, $input: ReleaseRevisionInput!) { releaseRevision(slug: $slug, input: $input) { version } }`;
const TRANSITION = `mutation Move($slug: String!, $to: ExperimentStatus!, $reason: String) { transitionExperiment(slug: $slug, to: $to, reason: $reason) { status } }`;

export interface Crew {
  owner: TestUser;
  approver: TestUser;
}

export async function makeCrew(platform: TestPlatform): Promise<Crew> {
  const options = { url: platform.gatewayUrl };
  const [owner, approver] = await Promise.all([
    signUpStaff(['PRODUCT', 'ENGINEERING'], 'bench-owner', options, platform),
    signUpStaff(['PRODUCT', 'ENGINEERING', 'UX', 'QA', 'SECURITY', 'PRIVACY', 'OPS'], 'bench-approver', options, platform),
  ]);
  return { owner, approver };
}

/** The artifact's sha256 is derived from slug and version, so reruns describe the same add-on. */
export const artifactSha256 = (slug: string, version: string) => createHash('sha256').update(`${slug}@${version}`).digest('hex');
export const artifactUrl = (slug: string, version: string) => `https://addons.beta.example.org/${slug}-${version}.xpi`;
export const addonId = (slug: string) => `${slug}@beta.example.org`;

export async function launch(platform: TestPlatform, crew: Crew, spec: ExperimentSpec): Promise<void> {
  const call = <T>(what: string, query: string, variables: Record<string, unknown>, user: TestUser) =>
    gql<T>(query, variables, { url: platform.gatewayUrl, token: user.accessToken }).then((res) => ok(`${what} (${spec.slug})`, res));
  const { slug } = spec;
  await call('proposeExperiment', PROPOSE, {
    input: {
      slug, name: `Bench ${slug.replace(/^bench-/, '')}`, description: `Benchmark experiment ${slug}.`, tier: spec.tier,
      hasUserData: spec.hasUserData, optInPolicy: spec.optInPolicy, rolloutPercent: spec.rolloutPercent,
      requiredAgreements: spec.requiredAgreements, addonId: addonId(slug),
    },
  }, crew.owner);
  if (spec.finalStatus === 'PROPOSED') return;
  const criteria = ['PROTOTYPE_EVOLVED', 'PRODUCT_DESIRE_FOR_INCLUSION', 'REQUIREMENTS_DEFINED', ...(spec.hasUserData ? ['USER_DATA_ASSESSMENT'] : [])];
  for (const criterion of criteria) await call('checkEntryCriterion', CHECK, { slug, criterion }, crew.approver);
  for (const kind of ['SECURITY', 'PRIVACY', 'PRODUCT']) await call('signOff', SIGN, { slug, kind }, crew.approver);
  for (const version of spec.revisions) {
    for (const kind of ['QA', 'UX', 'INFRASEC']) await call('signOff', SIGN, { slug, kind, revision: version }, crew.approver);
    await call('releaseRevision', RELEASE, { slug, input: { version, url: artifactUrl(slug, version), sha256: artifactSha256(slug, version) } }, crew.approver);
  }
  await call('transitionExperiment', TRANSITION, { slug, to: 'IN_BETA' }, crew.approver);
  if (spec.finalStatus === 'PAUSED') await call('transitionExperiment', TRANSITION, { slug, to: 'PAUSED', reason: 'Benchmark: a paused experiment stays in the live catalog.' }, crew.approver);
}

/** Launches all specs (a few at a time) and returns the API's view of the experiments, by slug. */
export async function launchAll(platform: TestPlatform, specs: ExperimentSpec[]): Promise<void> {
  const crew = await makeCrew(platform);
  const queue = [...specs];
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let spec = queue.shift(); spec; spec = queue.shift()) await launch(platform, crew, spec);
  }));
}
