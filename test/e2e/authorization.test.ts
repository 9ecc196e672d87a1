/**
 * Authorization, proven over the whole composed schema (schema/supergraph.graphql). Every field of
 * Query and Mutation, and every field of Account (personal data) and Experiment (staff records),
 * has ONE declared decision in AUTHORIZATION below; a field without one fails ("new field … has no
 * authorization decision"), so a new field cannot ship without someone deciding who may call it.
 *
 * Each root field is called anonymously, as an ordinary user, as staff holding every role except
 * the ones it needs, and (to show the check is not simply "always refuse") as staff holding them,
 * with arguments that reach the resolver's check: example values for the field's argument types,
 * overridden where the check needs a real thing (an existing experiment, a current version id).
 * Account fields are read about another account through the paths a client has (`me`,
 * `Experiment.owner`) and through subgraph `_entities`, as the gateway would plan it.
 */
import { randomUUID } from 'node:crypto';
import type { GraphQLField } from 'graphql';
import { gql, errorCodes, signUpUser, DEFAULT_PASSWORD, uniqueEmail, type GqlResponse, type TestUser } from '../support/graphql-client';
import { acceptAgreements, launchExperiment, makeCompliantUser, makeCrew, ok, randomSha256, uniqueSlug, type Crew } from '../support/experiments';
import { currentVersions } from '../support/agreements';
import { signUpStaff } from '../support/staff';
import { callSubgraph, signedCaller } from '../support/subgraph-client';
import { defaultSelection, exampleArgs, fieldsOf, operationCalling, owningSubgraph } from '../support/schema-walk';

const STAFF_ROLES = ['PRODUCT', 'ENGINEERING', 'UX', 'QA', 'SECURITY', 'PRIVACY', 'LEGAL', 'OPS'];

interface Fixtures {
  crew: Crew;
  /** PROPOSED, owned by crew.owner (PRODUCT + ENGINEERING), with an add-on id. */
  proposed: string;
  proposedName: string;
  /** IN_BETA, CHANNEL policy, rollout 100: enabled for every compliant account. */
  launched: string;
  termsId: string;
  /** A compliant ordinary user. */
  user: TestUser;
}

interface Caller {
  name: string;
  user?: TestUser;
}

type Args = (f: Fixtures, caller: Caller) => Record<string, unknown> | Promise<Record<string, unknown>>;

type Decision =
  /** Anyone, signed in or not. */
  | { who: 'PUBLIC'; args?: Args }
  /** Any account, acting on itself; anonymous: UNAUTHENTICATED. `fresh`: the call changes the caller's own state (each caller is a new account). */
  | { who: 'SIGNED_IN'; args?: Args; fresh?: true }
  /** The caller's own account; anonymous: null. */
  | { who: 'ME' }
  /** One of `roles` (for these arguments); anonymous: UNAUTHENTICATED; anyone else: FORBIDDEN. `outcome`: the domain refusal an allowed caller may still get. */
  | { who: 'STAFF'; roles: string[]; args?: Args; outcome?: string }
  /** Experiment fields: any staff role; anonymous: UNAUTHENTICATED; a non-staff user: FORBIDDEN. */
  | { who: 'ANY_STAFF' }
  /** Account fields without a check of their own: whoever reaches the account (itself through me, staff through owner, signer, …) reads them. */
  | { who: 'REACHABLE' }
  /** Account fields: the account itself, or staff with one of `roles`; anyone else gets null (`NULL`) or FORBIDDEN. */
  | { who: 'SELF_OR'; roles: string[]; others: 'NULL' | 'FORBIDDEN' };

const revisionInput = () => ({ version: '1.0.0', url: 'https://addons.beta.example.org/authz-1.0.0.xpi', sha256: randomSha256() });

/** THE table: one decision per field of the composed schema's Query, Mutation, Account and Experiment. */
const AUTHORIZATION: Record<string, Decision> = {
  // identity
  'Query.me': { who: 'ME' },
  'Query.exportMyData': { who: 'SIGNED_IN' },
  'Mutation.signUp': { who: 'PUBLIC', args: () => ({ input: { email: uniqueEmail('authz'), password: DEFAULT_PASSWORD, displayName: 'Authz' } }) },
  'Mutation.signIn': { who: 'PUBLIC', args: (f) => ({ input: { email: f.user.email, password: f.user.password } }) },
  'Mutation.refreshSession': { who: 'PUBLIC', args: async (f) => ({ refreshToken: await freshRefreshToken(f.user) }) },
  'Mutation.signOut': { who: 'SIGNED_IN', fresh: true },
  'Mutation.joinChannel': { who: 'SIGNED_IN', args: () => ({ channel: 'BETA' }) },
  'Mutation.deleteAccount': { who: 'SIGNED_IN', fresh: true, args: (_f, caller) => ({ password: caller.user?.password ?? DEFAULT_PASSWORD }) },
  // agreements
  'Query.agreements': { who: 'PUBLIC' },
  'Query.agreementVersion': { who: 'PUBLIC', args: (f) => ({ id: f.termsId }) },
  'Mutation.acceptAgreements': { who: 'SIGNED_IN', args: (f) => ({ versionIds: [f.termsId] }) },
  'Mutation.withdrawConsent': { who: 'SIGNED_IN', fresh: true, args: () => ({ kind: 'EXPERIMENTAL_OPT_IN' }) },
  'Mutation.publishAgreementVersion': {
    who: 'STAFF', roles: ['LEGAL'], outcome: 'CONFLICT',
    // v1 exists, so even LEGAL changes nothing on the shared platform.
    args: () => ({ input: { kind: 'TERMS_OF_SERVICE', version: 'v1', text: 'Already published.', requiresReconsent: false } }),
  },
  // experiments
  'Query.experiments': { who: 'PUBLIC' },
  'Query.experiment': { who: 'PUBLIC', args: (f) => ({ slug: f.launched }) },
  'Query.experimentLifecycle': { who: 'PUBLIC' },
  'Mutation.proposeExperiment': {
    who: 'STAFF', roles: ['PRODUCT', 'ENGINEERING'],
    args: () => ({ input: { slug: uniqueSlug('authz'), name: 'Authz', description: 'Proposed by the authorization test.', tier: 'BETA', hasUserData: false, optInPolicy: 'CHANNEL' } }),
  },
  'Mutation.updateExperiment': { who: 'STAFF', roles: ['PRODUCT', 'ENGINEERING'], args: (f) => ({ slug: f.proposed, input: { name: f.proposedName } }) },
  'Mutation.checkEntryCriterion': { who: 'STAFF', roles: ['ENGINEERING', 'PRODUCT'], args: (f) => ({ slug: f.proposed, criterion: 'PROTOTYPE_EVOLVED' }) },
  'Mutation.signOff': { who: 'STAFF', roles: ['SECURITY'], args: (f) => ({ slug: f.proposed, kind: 'SECURITY' }) },
  'Mutation.releaseRevision': { who: 'STAFF', roles: ['ENGINEERING', 'OPS'], outcome: 'FAILED_PRECONDITION', args: (f) => ({ slug: f.proposed, input: revisionInput() }) },
  'Mutation.transitionExperiment': { who: 'STAFF', roles: ['PRODUCT', 'OPS'], outcome: 'FAILED_PRECONDITION', args: (f) => ({ slug: f.proposed, to: 'IN_BETA' }) },
  'Mutation.recordReview': { who: 'STAFF', roles: ['PRODUCT', 'ENGINEERING', 'UX'], args: (f) => ({ slug: f.launched, decision: 'CONTINUE', notes: 'On track.' }) },
  'Mutation.setRollout': { who: 'STAFF', roles: ['PRODUCT', 'OPS'], args: (f) => ({ slug: f.launched, percent: 100 }) },
  'Mutation.optIn': { who: 'SIGNED_IN', args: (f) => ({ experiment: f.launched }) },
  'Mutation.optOut': { who: 'SIGNED_IN', fresh: true, args: (f) => ({ experiment: f.launched }) },
  // feedback
  'Query.feedback': { who: 'STAFF', roles: ['PRODUCT', 'UX'], args: (f) => ({ experiment: f.launched }) },
  'Mutation.submitFeedback': {
    who: 'SIGNED_IN',
    args: (f) => ({ input: { experiment: f.launched, sentiment: 'HAPPY', locale: 'en-US', clientVersion: '128.0.1', clientRequestId: randomUUID() } }),
  },
  'Mutation.recordUsage': { who: 'SIGNED_IN', args: (f) => ({ events: [{ experiment: f.launched, name: 'panel.opened', at: new Date().toISOString() }] }) },

  // Account: personal data
  'Account.id': { who: 'REACHABLE' },
  'Account.displayName': { who: 'REACHABLE' },
  'Account.channel': { who: 'REACHABLE' },
  'Account.roles': { who: 'REACHABLE' },
  'Account.status': { who: 'REACHABLE' },
  'Account.createdAt': { who: 'REACHABLE' },
  'Account.email': { who: 'SELF_OR', roles: ['OPS'], others: 'NULL' },
  'Account.consent': { who: 'SELF_OR', roles: ['LEGAL', 'PRIVACY'], others: 'FORBIDDEN' },
  'Account.enabledFeatures': { who: 'SELF_OR', roles: [], others: 'FORBIDDEN' },
  'Account.suspendedFeatures': { who: 'SELF_OR', roles: [], others: 'FORBIDDEN' },
  'Account.endedFeatures': { who: 'SELF_OR', roles: [], others: 'FORBIDDEN' },
  'Account.enrollments': { who: 'SELF_OR', roles: [], others: 'FORBIDDEN' },

  // Experiment: public description and numbers; the beta process's records are staff-only
  ...Object.fromEntries(
    ['slug', 'name', 'description', 'tier', 'sla', 'hasUserData', 'optInPolicy', 'rolloutPercent', 'requiredAgreements', 'addonId',
      'exitThresholds', 'enrolledAccounts', 'status', 'enteredBetaAt', 'lastReviewedAt', 'reviewOverdue', 'currentRevision', 'revisions',
      'myEnrollment', 'createdAt', 'updatedAt', 'feedbackSummary', 'adoption'].map((f) => [`Experiment.${f}`, { who: 'PUBLIC' }]),
  ),
  ...Object.fromEntries(['owner', 'entryCriteria', 'signOffs', 'reviews', 'auditLog', 'gateStatus'].map((f) => [`Experiment.${f}`, { who: 'ANY_STAFF' }])),
};

const WALKED_TYPES = ['Query', 'Mutation', 'Account', 'Experiment'];
const schemaFields = (type: string) => fieldsOf(type).map((f) => `${type}.${f.name}`);
const fieldByKey = (key: string): GraphQLField<unknown, unknown> => {
  const [type, name] = key.split('.');
  return fieldsOf(type).find((f) => f.name === name)!;
};

function decisionOf(key: string): Decision {
  const decision = AUTHORIZATION[key];
  if (!decision) throw new Error(`new field ${key} has no authorization decision: add it to AUTHORIZATION in test/e2e/authorization.test.ts`);
  return decision;
}

async function freshRefreshToken(user: TestUser): Promise<string> {
  const res = ok(await gql<{ signIn: { refreshToken: string } }>(
    `mutation($input: SignInInput!) { signIn(input: $input) { refreshToken } }`, { input: { email: user.email, password: user.password } },
  ));
  return res.signIn.refreshToken;
}

let fixtures: Fixtures;
const staffCache = new Map<string, Promise<TestUser>>();

/** A staff account holding exactly `roles` (cached per role set). */
function staffWith(roles: string[]): Promise<TestUser> {
  const key = [...roles].sort().join(',');
  if (!staffCache.has(key)) staffCache.set(key, signUpStaff(roles, `staff-${roles.length}`));
  return staffCache.get(key)!;
}

const staffWithout = (roles: string[]) => staffWith(STAFF_ROLES.filter((r) => !roles.includes(r)));

/** A compliant account holding every staff role: "another user" for the SIGNED_IN fields. */
async function compliantStaff(): Promise<TestUser> {
  const staff = await signUpStaff(STAFF_ROLES, 'allroles');
  await acceptAgreements(staff);
  return staff;
}

let sharedOtherStaff: Promise<TestUser> | undefined;

beforeAll(async () => {
  const crew = await makeCrew();
  const proposed = uniqueSlug('authz-proposed');
  const proposedName = `Authz ${proposed}`;
  ok(await gql(`mutation($input: ProposeExperimentInput!) { proposeExperiment(input: $input) { slug } }`, {
    input: { slug: proposed, name: proposedName, description: 'Target of the authorization test.', tier: 'BETA', hasUserData: false, optInPolicy: 'CHANNEL', addonId: `${proposed}@beta.example.org` },
  }, { token: crew.owner.accessToken }));
  const [launched, versions, user] = await Promise.all([launchExperiment(crew), currentVersions(), makeCompliantUser('authz-user')]);
  fixtures = { crew, proposed, proposedName, launched, termsId: versions.TERMS_OF_SERVICE.id, user };
}, 120_000);

async function call(key: string, caller: Caller, args: Record<string, unknown>, selection?: string): Promise<GqlResponse<Record<string, unknown>>> {
  const [type] = key.split('.');
  const field = fieldByKey(key);
  const query = operationCalling(type === 'Mutation' ? 'mutation' : 'query', field, exampleArgs(field, args), { selection });
  return gql(query, exampleArgs(field, args), { token: caller.user?.accessToken });
}

const describeResponse = (res: GqlResponse<unknown>) => JSON.stringify({ status: res.status, errors: res.errors, data: res.data });

function expectRefused(res: GqlResponse<Record<string, unknown>>, fieldName: string, code: string) {
  expect({ codes: errorCodes(res), value: res.data?.[fieldName] ?? null }).toEqual({ codes: [code], value: null });
}

/** Passed the authorization check: no UNAUTHENTICATED/FORBIDDEN, only the expected domain outcome if any. */
function expectAllowed(res: GqlResponse<unknown>, outcome?: string) {
  const codes = errorCodes(res);
  if (codes.length === 0) return;
  if (outcome && codes.every((c) => c === outcome)) return;
  throw new Error(`expected the call to pass its authorization check, got ${describeResponse(res)}`);
}

describe('every field of the composed schema has an authorization decision', () => {
  it('no decision without a field (a renamed or removed field must leave the table too)', () => {
    const fields = new Set(WALKED_TYPES.flatMap(schemaFields));
    expect(Object.keys(AUTHORIZATION).filter((key) => !fields.has(key))).toEqual([]);
  });

  it('the table names real staff roles', () => {
    for (const decision of Object.values(AUTHORIZATION)) {
      if ('roles' in decision) for (const role of decision.roles) expect(STAFF_ROLES).toContain(role);
    }
  });
});

describe.each(['Query', 'Mutation'])('%s fields: anonymous, another user, staff without the role', (type) => {
  it.each(schemaFields(type))('%s', async (key) => {
    const decision = decisionOf(key);
    const field = fieldByKey(key);
    const f = fixtures;
    const anonymous: Caller = { name: 'anonymous' };
    const argsFor = async (caller: Caller) => ('args' in decision && decision.args ? await decision.args(f, caller) : {});

    switch (decision.who) {
      case 'ME': {
        const anon = await call(key, anonymous, {}, '{ id }');
        expect({ errors: anon.errors, me: anon.data?.me }).toEqual({ errors: undefined, me: null });
        const mine = await call(key, { name: 'user', user: f.user }, {}, '{ id }');
        expect(mine.data?.me).toEqual({ id: f.user.accountId });
        return;
      }
      case 'PUBLIC': {
        const others = { name: 'another user', user: f.user };
        const staff = { name: 'staff', user: await (sharedOtherStaff ??= compliantStaff()) };
        for (const caller of [anonymous, others, staff]) expectAllowed(await call(key, caller, await argsFor(caller)));
        return;
      }
      case 'SIGNED_IN': {
        expectRefused(await call(key, anonymous, await argsFor(anonymous)), field.name, 'UNAUTHENTICATED');
        const fresh = 'fresh' in decision && decision.fresh;
        const callers: Caller[] = [
          { name: 'an ordinary user', user: fresh ? await makeCompliantUser('authz-fresh') : f.user },
          { name: 'staff acting for themselves', user: fresh ? await compliantStaff() : await (sharedOtherStaff ??= compliantStaff()) },
        ];
        for (const caller of callers) expectAllowed(await call(key, caller, await argsFor(caller)));
        return;
      }
      case 'STAFF': {
        expectRefused(await call(key, anonymous, await argsFor(anonymous)), field.name, 'UNAUTHENTICATED');
        for (const caller of [{ name: 'an ordinary user', user: f.user }, { name: 'staff without the role', user: await staffWithout(decision.roles) }]) {
          const res = await call(key, caller, await argsFor(caller));
          expectRefused(res, field.name, 'FORBIDDEN');
          expect(res.errors![0].message).toMatch(new RegExp(decision.roles.join('|')));
        }
        const args = await argsFor({ name: 'an ordinary user', user: f.user });
        if (typeof args.slug === 'string') {
          // No existence oracle: an unknown slug is refused the same way (proposals are not public).
          expectRefused(await call(key, { name: 'an ordinary user', user: f.user }, { ...args, slug: uniqueSlug('no-such') }), field.name, 'FORBIDDEN');
        }
        const allowed = { name: 'staff with the role', user: await staffWith(decision.roles) };
        expectAllowed(await call(key, allowed, await argsFor(allowed)), decision.outcome);
        return;
      }
      default:
        throw new Error(`${key}: ${decision.who} is a decision for entity fields, not for ${type}`);
    }
  });
});

describe('Experiment fields: the beta process records are for staff', () => {
  const read = (fieldName: string, user?: TestUser) => {
    const field = fieldByKey(`Experiment.${fieldName}`);
    return gql<{ experiment: Record<string, unknown> | null }>(
      `query($slug: String!) { experiment(slug: $slug) { slug ${fieldName} ${defaultSelection(field)} } }`, { slug: fixtures.launched }, { token: user?.accessToken },
    );
  };

  it.each(schemaFields('Experiment'))('%s', async (key) => {
    const decision = decisionOf(key);
    const fieldName = key.split('.')[1];
    const qa = await staffWith(['QA']);
    if (decision.who === 'PUBLIC') {
      for (const user of [undefined, fixtures.user, qa]) {
        const res = await read(fieldName, user);
        expectAllowed(res);
        expect(res.data?.experiment?.slug).toBe(fixtures.launched);
      }
      return;
    }
    if (decision.who !== 'ANY_STAFF') throw new Error(`${key}: ${decision.who} is not a decision for Experiment fields`);
    for (const [user, code] of [[undefined, 'UNAUTHENTICATED'], [fixtures.user, 'FORBIDDEN']] as const) {
      const res = await read(fieldName, user);
      expect(errorCodes(res)).toEqual([code]);
      expect(JSON.stringify(res.data ?? null)).not.toContain(`"${fieldName}":{`);
    }
    const staff = await read(fieldName, qa);
    expectAllowed(staff);
    expect(staff.data?.experiment?.[fieldName]).toBeDefined();
  });
});

describe('Account fields: personal data of another account', () => {
  /** Staff who reach other accounts (Experiment.owner) but hold none of the exception roles. */
  const otherStaffRoles = ['PRODUCT', 'ENGINEERING', 'UX', 'QA', 'SECURITY'];

  const readOwner = (fieldName: string, user: TestUser) => {
    const field = fieldByKey(`Account.${fieldName}`);
    return gql<{ experiment: { owner: Record<string, unknown> | null } | null }>(
      `query($slug: String!) { experiment(slug: $slug) { owner { id ${fieldName} ${defaultSelection(field)} } } }`, { slug: fixtures.proposed }, { token: user.accessToken },
    );
  };

  const representation = (id: string) => ({
    __typename: 'Account', id, channel: 'BETA', consent: { compliant: true, experimentalOptIn: true, accepted: [{ kind: 'TERMS_OF_SERVICE' }] },
  });

  /** `_entities` on the owning subgraph, signed as the gateway would sign it for `caller`. */
  const readEntity = (fieldName: string, accountId: string, caller: { accountId: string | null; roles: string[] }) => {
    const field = fieldByKey(`Account.${fieldName}`);
    return callSubgraph<{ _entities: (Record<string, unknown> | null)[] }>(
      owningSubgraph('Account', fieldName)!,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { ${fieldName} ${defaultSelection(field)} } } }`,
      { r: [representation(accountId)] },
      signedCaller(caller),
    );
  };

  it('the gateway does not let clients call _entities', async () => {
    const res = await gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { email } } }`, { r: [{ __typename: 'Account', id: fixtures.user.accountId }] });
    expect(res.status).toBe(400);
    expect(new Set(errorCodes(res))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    expect(res.errors!.map((e) => e.message)).toContain('Cannot query field "_entities" on type "Query".');
  });

  it.each(schemaFields('Account'))('%s', async (key) => {
    const decision = decisionOf(key);
    const fieldName = key.split('.')[1];
    const field = fieldByKey(key);
    const owner = fixtures.crew.owner;

    // The account itself, through me.
    const self = await gql<{ me: Record<string, unknown> }>(`{ me { ${fieldName} ${defaultSelection(field)} } }`, {}, { token: owner.accessToken });
    expectAllowed(self);
    expect(self.data?.me?.[fieldName]).not.toBeNull();

    const other = await readOwner(fieldName, await staffWith(otherStaffRoles));
    if (decision.who === 'REACHABLE') {
      expectAllowed(other);
      expect(other.data?.experiment?.owner?.[fieldName]).not.toBeNull();
      return;
    }
    if (decision.who !== 'SELF_OR') throw new Error(`${key}: ${decision.who} is not a decision for Account fields`);

    if (decision.others === 'NULL') {
      expect({ errors: other.errors, value: other.data?.experiment?.owner?.[fieldName] }).toEqual({ errors: undefined, value: null });
    } else {
      expect(errorCodes(other)).toContain('FORBIDDEN');
      expect(other.data?.experiment?.owner?.[fieldName] ?? null).toBeNull();
    }
    for (const role of decision.roles) {
      const privileged = await readOwner(fieldName, await staffWith([role]));
      expectAllowed(privileged);
      expect(privileged.data?.experiment?.owner?.[fieldName]).not.toBeNull();
    }
    if (decision.roles.length === 0) {
      // Only the account itself: staff holding every role are refused too.
      const everything = await readOwner(fieldName, await staffWith(STAFF_ROLES));
      expect(errorCodes(everything)).toContain('FORBIDDEN');
    }

    // Straight at the owning subgraph, as a query plan would reach it: another user, anonymous, the account itself.
    for (const caller of [{ accountId: fixtures.user.accountId, roles: ['USER'] }, { accountId: null, roles: [] }]) {
      const res = await readEntity(fieldName, owner.accountId, caller);
      if (decision.others === 'NULL') expect({ errors: res.errors, entity: res.data?._entities[0] }).toEqual({ errors: undefined, entity: { [fieldName]: null } });
      // The field is nullable (a subgraph's contribution to an entity), so a refusal leaves it null beside FORBIDDEN.
      else expect({ codes: res.errors?.map((e) => e.extensions?.code), value: res.data?._entities[0]?.[fieldName] ?? null }).toEqual({ codes: ['FORBIDDEN'], value: null });
    }
    const own = await readEntity(fieldName, owner.accountId, { accountId: owner.accountId, roles: ['USER', 'PRODUCT', 'ENGINEERING'] });
    expect(own.errors).toBeUndefined();
    expect(own.data?._entities[0]?.[fieldName]).not.toBeNull();
  });
});

describe('exportMyData holds only the caller\'s own data', () => {
  it('an ordinary user\'s export names their account and no one else\'s', async () => {
    const other = await signUpUser('authz-export-other');
    const res = ok(await gql<{ exportMyData: Record<string, unknown> }>(`{ exportMyData }`, {}, { token: fixtures.user.accessToken }));
    const text = JSON.stringify(res.exportMyData);
    expect(text).toContain(fixtures.user.accountId);
    expect(text).not.toContain(other.accountId);
    expect(text).not.toContain(other.email);
  });
});
