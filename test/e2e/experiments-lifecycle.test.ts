/**
 * One experiment through its whole life, through the gateway (issue 4's "Done when"):
 * propose -> entry criteria -> sign-offs (wrong role and owner refused) -> revision refused without
 * QA/UX/INFRASEC -> released -> IN_BETA -> a compliant opted-in user sees it in `me` in one query ->
 * consent withdrawn: gone with the reason -> rollout 0/50/100 as the sticky hash says -> graduate
 * refused with the missing items -> kill -> gone on the next query.
 */
import { gql, errorCodes, type TestUser, signUpUser } from '../support/graphql-client';
import { withDatabase } from '../support/database';
import { acceptAgreements, makeCompliantUser, makeCrew, makeStaff, ok, randomSha256, type Crew } from '../support/experiments';
import { isInRollout, rolloutBucket } from '../../subgraphs/experiments/rollout';

const PROPOSE = `mutation ($input: ProposeExperimentInput!) {
  proposeExperiment(input: $input) { slug status tier sla { tier availabilityTarget } optInPolicy rolloutPercent hasUserData requiredAgreements addonId owner { id } }
}`;
const UPDATE = `mutation ($slug: String!, $input: UpdateExperimentInput!) { updateExperiment(slug: $slug, input: $input) { slug description } }`;
const CHECK = `mutation ($slug: String!, $criterion: EntryCriterion!, $note: String) {
  checkEntryCriterion(slug: $slug, criterion: $criterion, note: $note) { slug }
}`;
const SIGN = `mutation ($slug: String!, $kind: SignOffKind!, $revision: String, $comment: String) {
  signOff(slug: $slug, kind: $kind, revision: $revision, comment: $comment) { id kind gate revision signer { id } voided }
}`;
const RELEASE = `mutation ($slug: String!, $input: ReleaseRevisionInput!) {
  releaseRevision(slug: $slug, input: $input) { version addonId url sha256 }
}`;
const MOVE = `mutation ($slug: String!, $to: ExperimentStatus!, $reason: String) {
  transitionExperiment(slug: $slug, to: $to, reason: $reason) { slug status enteredBetaAt }
}`;
const ROLLOUT = `mutation ($slug: String!, $percent: Int!) { setRollout(slug: $slug, percent: $percent) { rolloutPercent } }`;
const REVIEW = `mutation ($slug: String!, $decision: ReviewDecision!, $notes: String!) {
  recordReview(slug: $slug, decision: $decision, notes: $notes) { decision reviewer { id } experiment { lastReviewedAt reviewOverdue } }
}`;
const STAFF_VIEW = `query ($slug: String!) {
  experiment(slug: $slug) {
    slug status
    entryCriteria { criterion required checked checkedBy { id } note }
    signOffs(includeVoided: true) { kind revision voided voidedReason signer { id } }
    revisions { version }
    currentRevision { version }
    gateStatus { to allowed missing }
    auditLog { action from to reason actor { id } snapshot }
  }
}`;
const FEATURES = `query {
  me {
    id
    enabledFeatures { slug tier revision { version addonId url sha256 } }
    suspendedFeatures { slug reason reasons }
  }
}`;

interface Features {
  me: {
    id: string;
    enabledFeatures: { slug: string; tier: string; revision: { version: string; addonId: string; url: string; sha256: string } }[];
    suspendedFeatures: { slug: string; reason: string; reasons: string[] }[];
  };
}
interface StaffView {
  experiment: {
    status: string;
    entryCriteria: { criterion: string; required: boolean; checked: boolean; checkedBy: { id: string } | null; note: string | null }[];
    signOffs: { kind: string; revision: string | null; voided: boolean; voidedReason: string | null; signer: { id: string } }[];
    revisions: { version: string }[];
    currentRevision: { version: string } | null;
    gateStatus: { to: string; allowed: boolean; missing: string[] }[];
    auditLog: { action: string; from: string; to: string; reason: string | null; actor: { id: string }; snapshot: string }[];
  } | null;
}

const as = (user: TestUser) => ({ token: user.accessToken });
const missingOf = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.missing as string[];

describe('an experiment through its whole life (through the gateway)', () => {
  let crew: Crew;
  let qaOnly: TestUser;
  let member: TestUser;
  let slug: string;
  let bucket: number;
  const sha256 = randomSha256();

  const features = async () => ok(await gql<Features>(FEATURES, {}, as(member))).me;
  const staffView = async () => ok(await gql<StaffView>(STAFF_VIEW, { slug }, as(crew.approver))).experiment!;
  const experimentCount = () => withDatabase('beta_experiments', async (db) =>
    (await db.query('SELECT count(*)::int AS n FROM experiments WHERE slug = $1', [slug])).rows[0].n as number);

  beforeAll(async () => {
    [crew, qaOnly, member] = await Promise.all([makeCrew(), makeStaff('qa', ['QA']), makeCompliantUser('walker')]);
    // A slug whose sticky bucket for this member is in the upper half, so 50% leaves them out and 100% lets them in.
    for (let i = 0; ; i++) {
      slug = `walk-${member.accountId.slice(0, 8)}-${i}`;
      bucket = rolloutBucket(member.accountId, slug);
      if (bucket >= 5000) break;
    }
  });

  it('proposes: PROPOSED, owned by the proposer, hidden from non-staff; bad input stores nothing', async () => {
    const bad = await gql(PROPOSE, { input: { slug: 'Not A Slug', name: 'x', description: 'x', tier: 'BETA', hasUserData: true, optInPolicy: 'PER_EXPERIMENT' } }, as(crew.owner));
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0].extensions!.field).toBe('slug');
    const byUser = await gql(PROPOSE, { input: { slug, name: 'x', description: 'x', tier: 'BETA', hasUserData: true, optInPolicy: 'PER_EXPERIMENT' } }, as(member));
    expect(errorCodes(byUser)).toEqual(['FORBIDDEN']);
    expect(byUser.errors![0].message).toMatch(/PRODUCT, ENGINEERING/);
    expect(await experimentCount()).toBe(0);

    const input = {
      slug, name: 'Walkthrough', description: 'The feature walked through its life by the e2e test.', tier: 'BETA', hasUserData: true,
      optInPolicy: 'PER_EXPERIMENT', rolloutPercent: 100, requiredAgreements: ['PRIVACY_POLICY'], addonId: `${slug}@beta.example.org`,
      exitThresholds: { minFeedbackCount: 10, minHappyShare: 0.5, minActiveAccounts30d: 5 },
    };
    const proposed = ok(await gql<{ proposeExperiment: Record<string, unknown> }>(PROPOSE, { input }, as(crew.owner))).proposeExperiment;
    expect(proposed).toEqual({
      slug, status: 'PROPOSED', tier: 'BETA', sla: { tier: 'BETA', availabilityTarget: 99.5 }, optInPolicy: 'PER_EXPERIMENT', rolloutPercent: 100,
      hasUserData: true, requiredAgreements: ['PRIVACY_POLICY'], addonId: `${slug}@beta.example.org`, owner: { id: crew.owner.accountId },
    });
    // Retrying the same proposal returns it; another owner's proposal under the slug is a CONFLICT.
    expect(ok(await gql<{ proposeExperiment: { slug: string } }>(PROPOSE, { input }, as(crew.owner))).proposeExperiment.slug).toBe(slug);
    const taken = await gql(PROPOSE, { input }, as(crew.approver));
    expect(errorCodes(taken)).toEqual(['CONFLICT']);
    expect(await experimentCount()).toBe(1);

    const hidden = await gql<{ experiment: unknown }>(`query ($slug: String!) { experiment(slug: $slug) { slug } }`, { slug }, as(member));
    expect(hidden.data).toEqual({ experiment: null });
  });

  it('refuses IN_BETA at first, listing every missing item, and changes nothing', async () => {
    const early = await gql(MOVE, { slug, to: 'IN_BETA' }, as(crew.approver));
    expect(errorCodes(early)).toEqual(['FAILED_PRECONDITION']);
    expect(missingOf(early)).toEqual([
      'ENTRY_CRITERION:PROTOTYPE_EVOLVED', 'ENTRY_CRITERION:PRODUCT_DESIRE_FOR_INCLUSION', 'ENTRY_CRITERION:REQUIREMENTS_DEFINED',
      'ENTRY_CRITERION:USER_DATA_ASSESSMENT', 'SIGN_OFF:SECURITY', 'SIGN_OFF:PRIVACY', 'SIGN_OFF:PRODUCT', 'RELEASED_REVISION',
    ]);
    expect(early.errors![0].message).toContain('a released revision');
    expect((await staffView()).status).toBe('PROPOSED');
  });

  it('records the entry criteria, each by a role that can vouch for it', async () => {
    const wrong = await gql(CHECK, { slug, criterion: 'USER_DATA_ASSESSMENT' }, as(qaOnly));
    expect(errorCodes(wrong)).toEqual(['FORBIDDEN']);
    expect(wrong.errors![0].message).toContain('PRIVACY');
    for (const criterion of ['PROTOTYPE_EVOLVED', 'PRODUCT_DESIRE_FOR_INCLUSION', 'REQUIREMENTS_DEFINED', 'USER_DATA_ASSESSMENT']) {
      ok(await gql(CHECK, { slug, criterion, note: `checked ${criterion}` }, as(crew.approver)));
    }
    ok(await gql(CHECK, { slug, criterion: 'PROTOTYPE_EVOLVED', note: 'a retry' }, as(crew.approver)));
    const view = await staffView();
    expect(view.entryCriteria.every((c) => c.checked && c.required && c.checkedBy?.id === crew.approver.accountId)).toBe(true);
    expect(view.entryCriteria.find((c) => c.criterion === 'PROTOTYPE_EVOLVED')!.note).toBe('checked PROTOTYPE_EVOLVED');
  });

  it('takes SECURITY/PRIVACY/PRODUCT sign-offs, refusing a wrong-role signer and the owner', async () => {
    const wrongRole = await gql(SIGN, { slug, kind: 'SECURITY' }, as(qaOnly));
    expect(errorCodes(wrongRole)).toEqual(['FORBIDDEN']);
    expect(wrongRole.errors![0].message).toContain('SECURITY role');
    const owner = await gql(SIGN, { slug, kind: 'PRODUCT' }, as(crew.owner));
    expect(errorCodes(owner)).toEqual(['FORBIDDEN']);
    expect(owner.errors![0].message).toContain('You own');
    const revisionOnEntry = await gql(SIGN, { slug, kind: 'SECURITY', revision: '1.0.0' }, as(crew.approver));
    expect(errorCodes(revisionOnEntry)).toEqual(['BAD_USER_INPUT']);
    expect(revisionOnEntry.errors![0].extensions!.field).toBe('revision');

    const ids: string[] = [];
    for (const kind of ['SECURITY', 'PRIVACY', 'PRODUCT']) {
      const s = ok(await gql<{ signOff: { id: string; gate: string; signer: { id: string } } }>(SIGN, { slug, kind, comment: 'looks fine' }, as(crew.approver))).signOff;
      expect(s).toMatchObject({ gate: 'ENTRY', signer: { id: crew.approver.accountId } });
      ids.push(s.id);
    }
    const retry = ok(await gql<{ signOff: { id: string } }>(SIGN, { slug, kind: 'SECURITY' }, as(crew.approver))).signOff;
    expect(retry.id).toBe(ids[0]);
    const rows = await withDatabase('beta_experiments', async (db) =>
      (await db.query(`SELECT kind, signer_id FROM sign_offs s JOIN experiments e ON e.id = s.experiment_id WHERE e.slug = $1`, [slug])).rows);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.signer_id === crew.approver.accountId)).toBe(true);
  });

  it('voids the entry sign-offs when the definition is edited, and takes them again', async () => {
    ok(await gql(UPDATE, { slug, input: { description: 'Edited after the sign-offs: they no longer hold.' } }, as(crew.owner)));
    let view = await staffView();
    const voided = view.signOffs.filter((s) => s.voided);
    expect(voided.map((s) => s.kind).sort()).toEqual(['PRIVACY', 'PRODUCT', 'SECURITY']);
    expect(voided[0].voidedReason).toContain('description');
    expect(view.gateStatus.find((g) => g.to === 'IN_BETA')!.missing).toEqual(['SIGN_OFF:SECURITY', 'SIGN_OFF:PRIVACY', 'SIGN_OFF:PRODUCT', 'RELEASED_REVISION']);
    // Saving the same definition again is not an edit: nothing more is voided.
    ok(await gql(UPDATE, { slug, input: { description: 'Edited after the sign-offs: they no longer hold.' } }, as(crew.owner)));
    for (const kind of ['SECURITY', 'PRIVACY', 'PRODUCT']) ok(await gql(SIGN, { slug, kind }, as(crew.approver)));
    view = await staffView();
    expect(view.signOffs.filter((s) => !s.voided)).toHaveLength(3);
    expect(view.gateStatus.find((g) => g.to === 'IN_BETA')!.missing).toEqual(['RELEASED_REVISION']);
  });

  it('refuses to release a revision until QA, UX and INFRASEC signed that version', async () => {
    const input = { version: '1.0.0', url: `https://addons.beta.example.org/${slug}-1.0.0.xpi`, sha256, notes: 'first weekly revision' };
    const none = await gql(RELEASE, { slug, input }, as(crew.approver));
    expect(errorCodes(none)).toEqual(['FAILED_PRECONDITION']);
    expect(missingOf(none)).toEqual(['SIGN_OFF:QA', 'SIGN_OFF:UX', 'SIGN_OFF:INFRASEC']);

    ok(await gql(SIGN, { slug, kind: 'QA', revision: '1.0.0' }, as(qaOnly)));
    ok(await gql(SIGN, { slug, kind: 'UX', revision: '1.0.0' }, as(crew.approver)));
    // An INFRASEC sign-off for another version does not count.
    ok(await gql(SIGN, { slug, kind: 'INFRASEC', revision: '1.0.1' }, as(crew.approver)));
    const partial = await gql(RELEASE, { slug, input }, as(crew.approver));
    expect(missingOf(partial)).toEqual(['SIGN_OFF:INFRASEC']);
    expect((await staffView()).revisions).toEqual([]);

    ok(await gql(SIGN, { slug, kind: 'INFRASEC', revision: '1.0' }, as(crew.approver)));
    const released = ok(await gql<{ releaseRevision: Record<string, string> }>(RELEASE, { slug, input }, as(crew.approver))).releaseRevision;
    expect(released).toEqual({ version: '1.0.0', addonId: `${slug}@beta.example.org`, url: input.url, sha256 });
    // A retry returns the same revision; an older version is refused.
    ok(await gql(RELEASE, { slug, input }, as(crew.approver)));
    const older = await gql(RELEASE, { slug, input: { ...input, version: '0.9' } }, as(crew.approver));
    expect(errorCodes(older)).toEqual(['CONFLICT']);
    expect((await staffView()).revisions).toEqual([{ version: '1.0.0' }]);
  });

  it('enters the beta once the gate passes', async () => {
    expect((await staffView()).gateStatus.find((g) => g.to === 'IN_BETA')).toEqual({ to: 'IN_BETA', allowed: true, missing: [] });
    const moved = ok(await gql<{ transitionExperiment: { status: string; enteredBetaAt: string } }>(MOVE, { slug, to: 'IN_BETA' }, as(crew.approver)));
    expect(moved.transitionExperiment.status).toBe('IN_BETA');
    expect(moved.transitionExperiment.enteredBetaAt).toEqual(expect.any(String));
  });

  it('shows it to a compliant user once they opt in (PER_EXPERIMENT), in one query with its revision', async () => {
    let me = await features();
    expect(me.enabledFeatures.map((f) => f.slug)).not.toContain(slug);
    expect(me.suspendedFeatures.find((f) => f.slug === slug)).toEqual({ slug, reason: 'NOT_ENROLLED', reasons: ['NOT_ENROLLED'] });

    const optIn = `mutation ($slug: String!) { optIn(experiment: $slug) { status experiment { slug } history { status } } }`;
    const first = ok(await gql<{ optIn: { status: string; history: unknown[] } }>(optIn, { slug }, as(member))).optIn;
    const again = ok(await gql<{ optIn: { status: string; history: unknown[] } }>(optIn, { slug }, as(member))).optIn;
    expect(first.status).toBe('OPTED_IN');
    expect(again.history).toEqual([{ status: 'OPTED_IN' }]);

    me = await features();
    expect(me.enabledFeatures.find((f) => f.slug === slug)).toEqual({
      slug, tier: 'BETA', revision: { version: '1.0.0', addonId: `${slug}@beta.example.org`, url: `https://addons.beta.example.org/${slug}-1.0.0.xpi`, sha256 },
    });
    expect(me.suspendedFeatures.map((f) => f.slug)).not.toContain(slug);
  });

  it('takes it away when consent is withdrawn, saying why, and gives it back on re-consent', async () => {
    ok(await gql(`mutation { withdrawConsent(kind: PRIVACY_POLICY) { compliant } }`, {}, as(member)));
    let me = await features();
    expect(me.enabledFeatures).toEqual([]);
    const suspended = me.suspendedFeatures.find((f) => f.slug === slug)!;
    expect(suspended.reason).toBe('CONSENT_OUTDATED');
    expect(suspended.reasons).toEqual(['CONSENT_OUTDATED', 'AGREEMENT_MISSING']);

    await acceptAgreements(member, ['PRIVACY_POLICY']);
    me = await features();
    expect(me.enabledFeatures.map((f) => f.slug)).toContain(slug);
  });

  it('follows the sticky rollout bucket at 0, 50, 100 and around the account\'s bucket', async () => {
    for (const percent of [0, 50, Math.floor(bucket / 100), Math.floor(bucket / 100) + 1, 100]) {
      ok(await gql(ROLLOUT, { slug, percent }, as(crew.approver)));
      const me = await features();
      const expected = isInRollout(member.accountId, slug, percent);
      expect([percent, me.enabledFeatures.some((f) => f.slug === slug)]).toEqual([percent, expected]);
      if (!expected) expect(me.suspendedFeatures.find((f) => f.slug === slug)!.reason).toBe('OUTSIDE_ROLLOUT');
    }
    expect(isInRollout(member.accountId, slug, 50)).toBe(false);
    const wrong = await gql(ROLLOUT, { slug, percent: 101 }, as(crew.approver));
    expect(errorCodes(wrong)).toEqual(['BAD_USER_INPUT']);
    expect(wrong.errors![0].extensions!.field).toBe('percent');
  });

  it('records a monthly review', async () => {
    const review = ok(await gql<{ recordReview: { decision: string; experiment: { lastReviewedAt: string; reviewOverdue: boolean } } }>(
      REVIEW, { slug, decision: 'CONTINUE', notes: 'On track; keep iterating weekly.' }, as(crew.approver)));
    expect(review.recordReview.decision).toBe('CONTINUE');
    expect(review.recordReview.experiment.lastReviewedAt).toEqual(expect.any(String));
    expect(review.recordReview.experiment.reviewOverdue).toBe(false);
  });

  it('refuses to graduate, listing the exit sign-offs and the feedback and adoption thresholds', async () => {
    const refused = await gql(MOVE, { slug, to: 'GRADUATED' }, as(crew.approver));
    expect(errorCodes(refused)).toEqual(['FAILED_PRECONDITION']);
    // Exit sign-offs first, then the thresholds (SATISFACTION_THRESHOLD joins them once feedback serves numbers).
    expect(missingOf(refused).slice(0, 3)).toEqual(['SIGN_OFF:EXIT_UX', 'SIGN_OFF:EXIT_PRODUCT', 'SIGN_OFF:USER_DATA_REVIEW']);
    expect(missingOf(refused)).toEqual(expect.arrayContaining(['FEEDBACK_THRESHOLD', 'ADOPTION_THRESHOLD']));

    for (const kind of ['EXIT_UX', 'EXIT_PRODUCT', 'USER_DATA_REVIEW']) ok(await gql(SIGN, { slug, kind }, as(crew.approver)));
    const stillRefused = await gql(MOVE, { slug, to: 'GRADUATED' }, as(crew.approver));
    expect(errorCodes(stillRefused)).toEqual(['FAILED_PRECONDITION']);
    // No feedback yet (and, until the feedback subgraph serves the numbers, none at all): thresholds not met.
    expect(missingOf(stillRefused)).toEqual(expect.arrayContaining(['FEEDBACK_THRESHOLD', 'ADOPTION_THRESHOLD']));
    expect(missingOf(stillRefused).filter((k) => k.startsWith('SIGN_OFF:'))).toEqual([]);
    expect(stillRefused.errors![0].message).toMatch(/at least 10 feedback entries.*at least 5 active accounts in 30 days/);
    expect((await staffView()).status).toBe('IN_BETA');
  });

  it('kills it (with a reason): gone from the user on the next query', async () => {
    const noReason = await gql(MOVE, { slug, to: 'KILLED' }, as(crew.approver));
    expect(errorCodes(noReason)).toEqual(['BAD_USER_INPUT']);
    expect(noReason.errors![0].extensions!.field).toBe('reason');
    expect((await features()).enabledFeatures.map((f) => f.slug)).toContain(slug);

    const killed = ok(await gql<{ transitionExperiment: { status: string } }>(MOVE, { slug, to: 'KILLED', reason: 'Kill switch: crash reports.' }, as(crew.approver)));
    expect(killed.transitionExperiment.status).toBe('KILLED');
    const me = await features();
    expect(me.enabledFeatures.map((f) => f.slug)).not.toContain(slug);
    expect(me.suspendedFeatures.map((f) => f.slug)).not.toContain(slug);

    const graduate = await gql(MOVE, { slug, to: 'GRADUATED' }, as(crew.approver));
    expect(errorCodes(graduate)).toEqual(['FAILED_PRECONDITION']);
    expect(missingOf(graduate)).toEqual(['ALLOWED_TRANSITION']);
    expect(graduate.errors![0].message).toContain('KILLED is final');
  });

  it('kept every change in the audit log, with who, from, to, reason and a snapshot', async () => {
    const log = (await staffView()).auditLog;
    const transitions = log.filter((e) => e.action === 'TRANSITIONED').map((e) => [e.from, e.to, e.reason, e.actor.id]);
    expect(transitions).toEqual([
      ['PROPOSED', 'IN_BETA', null, crew.approver.accountId],
      ['IN_BETA', 'KILLED', 'Kill switch: crash reports.', crew.approver.accountId],
    ]);
    expect(log[0]).toMatchObject({ action: 'PROPOSED', actor: { id: crew.owner.accountId } });
    const actions = new Set(log.map((e) => e.action));
    for (const a of ['UPDATED', 'SIGN_OFFS_VOIDED', 'CRITERION_CHECKED', 'SIGNED_OFF', 'REVISION_RELEASED', 'ROLLOUT_SET', 'REVIEW_RECORDED']) expect(actions).toContain(a);
    expect(JSON.parse(log[log.length - 1].snapshot)).toMatchObject({ slug, status: 'KILLED' });
    // Refused attempts stored nothing: one PROPOSED, one UPDATED (the identical re-save was no edit).
    expect(log.filter((e) => e.action === 'PROPOSED')).toHaveLength(1);
    expect(log.filter((e) => e.action === 'UPDATED')).toHaveLength(1);
    // The log is append-only, even for the database superuser's UPDATE.
    await expect(withDatabase('beta_experiments', (db) => db.query(`UPDATE audit_log SET reason = 'rewritten'`))).rejects.toThrow(/append-only/);
  });

  it('hides the killed experiment from non-staff callers', async () => {
    const other = await signUpUser('curious');
    const res = await gql(`query ($slug: String!) { experiments { slug } experiment(slug: $slug) { slug } }`, { slug }, as(other));
    expect(res.errors).toBeUndefined();
    const visibleSlugs = (res.data as { experiments: { slug: string }[] }).experiments.map((e) => e.slug);
    expect(visibleSlugs).not.toContain(slug);
    expect(res.data).toMatchObject({ experiment: null });
  });
});
