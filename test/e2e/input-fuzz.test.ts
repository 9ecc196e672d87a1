/**
 * Fuzzing every mutation through the gateway with bad input: wrong types, empty and huge strings,
 * Unicode edge cases (right-to-left marks, combining characters, emoji, zero-width characters),
 * NUL, lone surrogates, SQL metacharacters, numbers out of range, unknown enum values, malformed
 * DateTimes, URLs and hashes — as an ordinary signed-in user and as staff holding every role (so
 * role checks do not hide the validation). Every case must be refused with a coded error (never
 * INTERNAL_SERVER_ERROR, never HTTP 5xx, nothing internal in the answer) and must change no row
 * in any table of the four databases.
 *
 * Runs on its own platform, so the table fingerprints compare exactly. Values come from a seeded
 * generator: the seed is in the test name and in every failure; FUZZ_SEED=<seed> replays a run.
 */
import type { ChildProcess } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import {
  getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, type GraphQLField, type GraphQLInputType,
} from 'graphql';
import { gql, DEFAULT_PASSWORD, signUpUser, uniqueEmail, type GqlOptions, type TestUser } from '../support/graphql-client';
import { startTestPlatform, stopTestPlatform, type TestPlatform } from '../support/platform';
import { signUpStaff } from '../support/staff';
import { acceptCurrent, currentVersions } from '../support/agreements';
import { ok, randomSha256, uniqueSlug } from '../support/experiments';
import { fieldsOf, operationCalling } from '../support/schema-walk';
import { changedTables, watchTables, type TableWatcher } from '../support/table-checksums';
import { badValuesFor, huge, preview, Rng, wrongTypes, type BadValue, type LeafKind } from '../support/fuzz-values';
import { leaksIn } from '../support/leaks';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomInt(2 ** 31);
const rng = new Rng(SEED);

/**
 * Every leaf gets every bad value of its type and meaning (the generator picks the variant: which
 * mark, where it goes); huge strings go to a few string leaves per mutation, drawn too.
 */
const HUGE_PER_MUTATION = 2;

/**
 * Tables a refused request may change by design: sign-in attempts are counted before the password
 * is checked (throttling), so a refused signIn leaves its count.
 */
const WRITES_BY_DESIGN: Record<string, string[]> = { signIn: ['beta_identity.sign_in_failures'] };

interface Fixtures {
  proposed: string;
  launched: string;
  termsId: string;
}

interface Caller {
  name: string;
  user: TestUser;
}

/** A request that would succeed for `caller`; the fuzz breaks one argument at a time. */
type BaseArgs = (f: Fixtures, caller: Caller) => Record<string, unknown>;

const BASE_ARGS: Record<string, BaseArgs> = {
  signUp: () => ({ input: { email: uniqueEmail('fuzz'), password: DEFAULT_PASSWORD, displayName: 'Fuzz Tester' } }),
  signIn: (_f, c) => ({ input: { email: c.user.email, password: c.user.password } }),
  refreshSession: (_f, c) => ({ refreshToken: c.user.refreshToken }),
  signOut: () => ({}),
  joinChannel: () => ({ channel: 'EXPERIMENTAL' }),
  deleteAccount: (_f, c) => ({ password: c.user.password }),
  acceptAgreements: (f) => ({ versionIds: [f.termsId] }),
  withdrawConsent: () => ({ kind: 'EXPERIMENTAL_OPT_IN' }),
  publishAgreementVersion: () => ({
    input: { kind: 'PRIVACY_POLICY', version: 'v-fuzz', text: 'Fuzzed policy text.', summaryOfChanges: 'Fuzz.', effectiveAt: new Date(Date.now() + 86_400_000).toISOString(), requiresReconsent: false },
  }),
  proposeExperiment: () => ({
    input: {
      slug: 'fuzz-new-experiment', name: 'Fuzz', description: 'Proposed by the fuzz test.', tier: 'BETA', hasUserData: true, optInPolicy: 'PER_EXPERIMENT',
      rolloutPercent: 10, requiredAgreements: ['TERMS_OF_SERVICE'], addonId: 'fuzz@beta.example.org',
      exitThresholds: { minFeedbackCount: 10, minHappyShare: 0.5, minActiveAccounts30d: 10 },
    },
  }),
  updateExperiment: (f) => ({
    slug: f.proposed,
    input: { name: 'Fuzz renamed', description: 'Edited by the fuzz test.', addonId: 'renamed@beta.example.org', exitThresholds: { minFeedbackCount: 5, minHappyShare: 0.7, minActiveAccounts30d: 5 } },
  }),
  checkEntryCriterion: (f) => ({ slug: f.proposed, criterion: 'PRODUCT_DESIRE_FOR_INCLUSION', note: 'Product wants it.' }),
  signOff: (f) => ({ slug: f.proposed, kind: 'QA', revision: '2.0.0', comment: 'Tested.' }),
  releaseRevision: (f) => ({ slug: f.proposed, input: { version: '3.0.0', addonId: `${f.proposed}@beta.example.org`, url: 'https://addons.beta.example.org/fuzz-3.0.0.xpi', sha256: 'a'.repeat(64), notes: 'Release notes.' } }),
  transitionExperiment: (f) => ({ slug: f.launched, to: 'PAUSED', reason: 'Pausing for a fix.' }),
  recordReview: (f) => ({ slug: f.launched, decision: 'ITERATE', notes: 'Needs another round.' }),
  setRollout: (f) => ({ slug: f.launched, percent: 50 }),
  optIn: (f) => ({ experiment: f.launched }),
  optOut: (f) => ({ experiment: f.launched }),
  submitFeedback: (f) => ({
    input: { experiment: f.launched, revision: '1.0.0', sentiment: 'HAPPY', rating: 4, comment: 'Works well.', locale: 'en-US', clientVersion: '128.0.1', platform: 'linux', clientRequestId: randomUUID() },
  }),
  recordUsage: (f) => ({ events: [{ experiment: f.launched, name: 'panel.opened', at: new Date().toISOString(), value: 1.5 }] }),
};

const identifier: LeafKind = { kind: 'identifier' };
const requiredText: LeafKind = { kind: 'text', required: true };
const optionalText: LeafKind = { kind: 'text', required: false };
const count: LeafKind = { kind: 'int', min: 0, max: 100_000_000 };
const percent: LeafKind = { kind: 'int', min: 0, max: 100 };

/** What each argument means (`mutation.path` first, then the leaf's name); enums and booleans need no entry. */
const LEAF_KINDS: Record<string, LeafKind> = {
  'recordUsage.events.name': identifier,
  'recordUsage.events.at': { kind: 'date' },
  'recordUsage.events.value': { kind: 'float' },
  'recordUsage.events': { kind: 'list', minItems: 1, maxItems: 100 },
  'recordReview.notes': requiredText,
  'releaseRevision.input.notes': optionalText,
  'transitionExperiment.reason': requiredText,
  'signUp.input.password': { kind: 'newPassword' },
  'acceptAgreements.versionIds': { kind: 'list', minItems: 1, maxItems: 20 },
  'publishAgreementVersion.input.effectiveAt': { kind: 'date' },
  email: { kind: 'email' },
  password: { kind: 'secret' },
  refreshToken: { kind: 'secret' },
  displayName: requiredText,
  name: requiredText,
  description: requiredText,
  text: requiredText,
  summaryOfChanges: optionalText,
  note: optionalText,
  comment: optionalText,
  platform: optionalText,
  slug: identifier,
  experiment: identifier,
  version: identifier,
  revision: identifier,
  addonId: identifier,
  locale: identifier,
  clientVersion: identifier,
  clientRequestId: identifier,
  versionIds: identifier,
  sha256: identifier,
  url: { kind: 'url' },
  rolloutPercent: percent,
  percent,
  rating: { kind: 'int', min: 1, max: 5 },
  minFeedbackCount: count,
  minActiveAccounts30d: count,
  minHappyShare: { kind: 'float', min: 0, max: 1 },
};

interface Leaf {
  /** Variable path: ['input', 'email'], ['events', 0, 'at']. */
  path: (string | number)[];
  type: GraphQLInputType;
  base: unknown;
}

const pathName = (path: (string | number)[]) => path.filter((p) => typeof p === 'string').join('.');

/** Every argument value of `args` that the fuzz can break: scalars and enums, and lists themselves. */
function leavesOf(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): Leaf[] {
  const found: Leaf[] = [];
  const walk = (type: GraphQLInputType, value: unknown, path: (string | number)[]) => {
    const nullable = isNonNullType(type) ? type.ofType : type;
    if (isListType(nullable)) {
      found.push({ path, type, base: value });
      if (Array.isArray(value) && value.length) walk(nullable.ofType, value[0], [...path, 0]);
    } else if (isInputObjectType(nullable)) {
      const fields = nullable.getFields();
      for (const [name, inner] of Object.entries((value ?? {}) as Record<string, unknown>)) walk(fields[name].type, inner, [...path, name]);
    } else {
      found.push({ path, type, base: value });
    }
  };
  for (const arg of field.args) if (arg.name in args) walk(arg.type, args[arg.name], [arg.name]);
  return found;
}

function kindOf(mutation: string, leaf: Leaf): LeafKind | null {
  const named = getNamedType(leaf.type);
  const isList = isListType(isNonNullType(leaf.type) ? leaf.type.ofType : leaf.type);
  const byPath = LEAF_KINDS[`${mutation}.${pathName(leaf.path)}`];
  if (byPath) return byPath;
  if (isList) return null; // the items are fuzzed; the list itself only where its length is bounded
  if (isEnumType(named)) return { kind: 'enum' };
  if (named.name === 'Boolean') return { kind: 'boolean' };
  const byName = LEAF_KINDS[String(leaf.path.filter((p) => typeof p === 'string').at(-1))];
  if (byName) return byName;
  throw new Error(`${mutation}.${pathName(leaf.path)} has no fuzz kind: say what it means in LEAF_KINDS (test/e2e/input-fuzz.test.ts)`);
}

function withValue(args: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(args);
  let target: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) target = target[step] as Record<string | number, unknown>;
  target[path[path.length - 1]] = value;
  return copy;
}

interface FuzzCase {
  mutation: string;
  where: string;
  bad: BadValue;
  /** Builds the variables for a caller (base values depend on who calls). */
  variables: (f: Fixtures, caller: Caller) => Record<string, unknown>;
  /** An argument the field does not declare, inline. */
  extraArgument?: boolean;
}

/** The cases for one mutation: per leaf its wrong types and meaningful bad values; a couple of huge strings. */
function casesFor(field: GraphQLField<unknown, unknown>, probe: Record<string, unknown>): FuzzCase[] {
  const mutation = field.name;
  const base = BASE_ARGS[mutation];
  const cases: FuzzCase[] = [{ mutation, where: '(arguments)', bad: { label: 'an argument the mutation does not have', value: 'x' }, variables: base, extraArgument: true }];
  const stringLeaves: Leaf[] = [];
  for (const leaf of leavesOf(field, probe)) {
    const kind = kindOf(mutation, leaf);
    if (!kind) continue;
    const named = getNamedType(leaf.type);
    const isList = isListType(isNonNullType(leaf.type) ? leaf.type.ofType : leaf.type);
    const typeLevel = isList ? [] : wrongTypes(rng, named.name, isNonNullType(leaf.type), isEnumType(named) ? named.getValues().map((v) => v.name) : []);
    const meaningful = badValuesFor(rng, kind, leaf.base);
    const chosen = [...typeLevel, ...meaningful];
    if (typeof leaf.base === 'string' && kind.kind !== 'date') stringLeaves.push(leaf);
    for (const bad of chosen) {
      cases.push({ mutation, where: pathName(leaf.path) + (leaf.path.includes(0) ? '[0]' : ''), bad, variables: (f, c) => withValue(base(f, c), leaf.path, bad.value) });
    }
  }
  for (const leaf of rng.sample(stringLeaves, HUGE_PER_MUTATION)) {
    const bad = huge(rng, String(leaf.base));
    cases.push({ mutation, where: pathName(leaf.path), bad, variables: (f, c) => withValue(base(f, c), leaf.path, bad.value) });
  }
  return cases;
}

let platform: TestPlatform;
let child: ChildProcess;
let on: GqlOptions;
let watcher: TableWatcher;
let fixtures: Fixtures;
let callers: Caller[];

beforeAll(async () => {
  ({ platform, child } = await startTestPlatform({ exportToEnv: false }));
  on = { url: platform.gatewayUrl };
  const allRoles = ['PRODUCT', 'ENGINEERING', 'UX', 'QA', 'SECURITY', 'PRIVACY', 'LEGAL', 'OPS'];
  const [owner, staff, user] = await Promise.all([
    signUpStaff(['PRODUCT', 'ENGINEERING'], 'fuzz-owner', on, platform),
    signUpStaff(allRoles, 'fuzz-staff', on, platform),
    signUpUser('fuzz-user', undefined, on),
  ]);
  const versions = await currentVersions(on);
  await Promise.all([staff, user].map((u) => acceptCurrent(u.accessToken, Object.keys(versions), on)));
  const as = (u: TestUser) => ({ ...on, token: u.accessToken });

  // A PROPOSED experiment with standing QA/UX/INFRASEC sign-offs for 3.0.0 (so releasing 3.0.0 would succeed),
  // and an IN_BETA one that every compliant account gets.
  const [proposed, launched] = [uniqueSlug('fuzz-proposed'), uniqueSlug('fuzz-launched')];
  for (const slug of [proposed, launched]) {
    ok(await gql(`mutation($input: ProposeExperimentInput!) { proposeExperiment(input: $input) { slug } }`, {
      input: { slug, name: `Fuzz ${slug}`, description: 'Fuzz target.', tier: 'BETA', hasUserData: false, optInPolicy: 'CHANNEL', rolloutPercent: 100, addonId: `${slug}@beta.example.org` },
    }, as(owner)));
  }
  const sign = (slug: string, kind: string, revision?: string) =>
    gql(`mutation($slug: String!, $kind: SignOffKind!, $revision: String) { signOff(slug: $slug, kind: $kind, revision: $revision) { id } }`, { slug, kind, revision }, as(staff)).then(ok);
  for (const kind of ['QA', 'UX', 'INFRASEC']) await sign(proposed, kind, '3.0.0');
  for (const criterion of ['PROTOTYPE_EVOLVED', 'PRODUCT_DESIRE_FOR_INCLUSION', 'REQUIREMENTS_DEFINED']) {
    ok(await gql(`mutation($slug: String!, $c: EntryCriterion!) { checkEntryCriterion(slug: $slug, criterion: $c) { slug } }`, { slug: launched, c: criterion }, as(staff)));
  }
  for (const kind of ['SECURITY', 'PRIVACY', 'PRODUCT']) await sign(launched, kind);
  for (const kind of ['QA', 'UX', 'INFRASEC']) await sign(launched, kind, '1.0.0');
  ok(await gql(`mutation($slug: String!, $input: ReleaseRevisionInput!) { releaseRevision(slug: $slug, input: $input) { version } }`,
    { slug: launched, input: { version: '1.0.0', url: `https://addons.beta.example.org/${launched}-1.0.0.xpi`, sha256: randomSha256() } }, as(staff)));
  ok(await gql(`mutation($slug: String!) { transitionExperiment(slug: $slug, to: IN_BETA) { status } }`, { slug: launched }, as(staff)));

  fixtures = { proposed, launched, termsId: versions.TERMS_OF_SERVICE.id };
  callers = [{ name: 'a signed-in user', user }, { name: 'staff with every role', user: staff }];
  watcher = await watchTables(platform);
}, 180_000);

afterAll(async () => {
  await watcher?.close();
  if (child) await stopTestPlatform(child, platform.dataDir);
});

/** What is wrong with the answer to one case, or null. */
function problemsWith(status: number, text: string, changed: string[], mutation: string): string | null {
  const problems: string[] = [];
  if (status >= 500) problems.push(`HTTP ${status}`);
  let errors: { message?: string; extensions?: { code?: unknown } }[] | undefined;
  try {
    errors = (JSON.parse(text) as { errors?: typeof errors }).errors;
  } catch {
    problems.push('the answer is not JSON');
  }
  if (!errors?.length) problems.push('accepted: the bad value was not refused');
  for (const e of errors ?? []) {
    if (typeof e.extensions?.code !== 'string') problems.push(`an error without a code: ${e.message}`);
    else if (e.extensions.code === 'INTERNAL_SERVER_ERROR') problems.push(`INTERNAL_SERVER_ERROR: ${e.message}`);
  }
  const leaks = leaksIn(text);
  if (leaks.length) problems.push(`the answer shows ${leaks.join(', ')}`);
  const unexpected = changed.filter((t) => !(WRITES_BY_DESIGN[mutation] ?? []).includes(t));
  if (unexpected.length) problems.push(`rows changed in ${unexpected.join(', ')}`);
  return problems.length ? `${problems.join('; ')} — answer: ${preview(text.slice(0, 400))}` : null;
}

describe(`bad input to every mutation is refused with a code and changes nothing (seed ${SEED}; rerun with FUZZ_SEED=${SEED})`, () => {
  const mutations = fieldsOf('Mutation');

  it('every mutation has base arguments to break', () => {
    expect(mutations.map((m) => m.name).filter((name) => !BASE_ARGS[name])).toEqual([]);
  });

  it.each(mutations.map((m) => [m.name, m] as const))('%s', async (name, field) => {
    const base = BASE_ARGS[name];
    if (!base) throw new Error(`new mutation ${name} has no BASE_ARGS entry in test/e2e/input-fuzz.test.ts`);
    const cases = casesFor(field, base(fixtures, callers[0]));
    const failures: string[] = [];
    let before = await watcher.fingerprint();
    for (const fuzz of cases) {
      for (const caller of callers) {
        const variables = fuzz.variables(fixtures, caller);
        const query = operationCalling('mutation', field, variables, { name: `Fuzz_${name}`, inlineArguments: fuzz.extraArgument ? 'unknownArgument: 1' : undefined });
        const res = await fetch(platform.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${caller.user.accessToken}`, 'x-forwarded-for': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` },
          body: JSON.stringify({ query, variables }),
        });
        const text = await res.text();
        const after = await watcher.fingerprint();
        const problem = problemsWith(res.status, text, changedTables(before, after), name);
        before = after;
        if (problem) failures.push(`${name} ${fuzz.where} ← ${fuzz.bad.label} ${preview(fuzz.bad.value)} as ${caller.name}: ${problem}`);
      }
    }
    if (failures.length) throw new Error(`fuzz seed ${SEED} (rerun with FUZZ_SEED=${SEED}), ${failures.length} of ${cases.length * callers.length} cases failed:\n${failures.join('\n')}`);
  });
});
