/** Thin resolvers: identify the caller, call the domain, shape the result. */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap';
import { forbidden } from '../kit/errors';
import { pageOf } from '../kit/pagination';
import { DateTime } from '../kit/scalars';
import { requireStaff, visibleStatuses, visibleTo } from './access';
import { actorOf } from './actor';
import type { AuditEntry } from './audit';
import { checkEntryCriterion } from './criteria';
import { evaluateFeatures, type CatalogEntry, type RequiredAccountFields } from './enabled-features';
import { endedFeaturesOf, type EndedFeature } from './ended-features';
import { setEnrollment, type Enrollment, type EnrollmentStatus } from './enrollment';
import { CRITERIA, requiredCriteria, type Criterion } from './entry-criteria';
import type { Experiment, ProposeExperimentInput, UpdateExperimentInput } from './experiment';
import { listExperiments } from './experiment-rows';
import { proposeExperiment, setRollout, updateExperiment } from './experiments';
import { TRANSITIONS, transitionsFrom, type Status } from './lifecycle';
import { isReviewOverdue, recordReview, REVIEW_OVERDUE_SQL, type Review, type ReviewDecision } from './reviews';
import type { Revision } from './revision-rows';
import { releaseRevision, type ReleaseRevisionInput } from './revisions';
import { SIGN_OFF_RULES, type SignOffKind } from './sign-off-rules';
import { signOff, type SignOff } from './sign-offs';
import { SERVICE_LEVELS, type Channel } from './tiers';
import { gateStatuses, transitionExperiment } from './transitions';
import type { ExperimentsContext as Ctx } from './context';

const account = (id: string) => ({ __typename: 'Account', id });

type PageArgs = { first?: number | null; after?: string | null };
/** Default page sizes (the SDL declares the same defaults; the largest page is MAX_PAGE_SIZE). */
const PAGE = { experiments: 50, revisions: 20, signOffs: 50, reviews: 20, auditLog: 50, enrollments: 50 } as const;

function requireSelf(ctx: Ctx, accountId: string, field: string): void {
  if (ctx.caller.accountId !== accountId) throw forbidden(`Only the account itself can read its ${field}.`);
}

/**
 * Runs a mutation, then drops loaded rows so the result's fields read what it wrote; staff
 * mutations may change the catalog, so this process reloads it on its next read (the triggers'
 * NOTIFY tells the other replicas). Enrollment choices are not in the catalog.
 */
async function mutate<T>(ctx: Ctx, run: () => Promise<T>, changesCatalog = true): Promise<T> {
  try {
    return await run();
  } finally {
    ctx.invalidate({ catalog: changesCatalog });
  }
}

async function enrollmentStatuses(ctx: Ctx, accountId: string): Promise<Map<string, EnrollmentStatus>> {
  return new Map((await ctx.enrollments.load(accountId)).map((e) => [e.experimentId, e.status]));
}

async function evaluationFor(parent: RequiredAccountFields, ctx: Ctx) {
  const [catalog, enrollments] = await Promise.all([ctx.catalog(), enrollmentStatuses(ctx, parent.id)]);
  return evaluateFeatures(catalog.live, parent, enrollments);
}

const endedFeatureOf = ({ entry, outcome, endedAt }: EndedFeature) => ({
  slug: entry.experiment.slug,
  name: entry.experiment.name,
  tier: entry.experiment.tier,
  outcome,
  endedAt,
  reason: entry.experiment.endReason,
  lastRevision: entry.revision,
});

const featureOf = (entry: CatalogEntry) => ({
  slug: entry.experiment.slug,
  name: entry.experiment.name,
  tier: entry.experiment.tier,
  sla: SERVICE_LEVELS[entry.experiment.tier],
  optInPolicy: entry.experiment.optInPolicy,
  revision: entry.revision,
  experiment: entry.experiment,
});

export const resolvers: GraphQLResolverMap<Ctx> = {
  DateTime,
  Query: {
    experiments: async (_: unknown, args: { status?: Status | null; reviewOverdue?: boolean | null } & PageArgs, ctx: Ctx) => {
      const page = pageOf(args, PAGE.experiments);
      const filter = { status: args.status ?? null, visible: visibleStatuses(ctx), reviewOverdue: args.reviewOverdue ?? null, reviewOverdueSql: REVIEW_OVERDUE_SQL };
      const list = await listExperiments(ctx.db, filter, page);
      for (const e of list) ctx.experimentsBySlug.prime(e.slug, e);
      return list;
    },
    experiment: async (_: unknown, { slug }: { slug: string }, ctx: Ctx) => {
      const e = await ctx.experimentsBySlug.load(slug.trim());
      return e && visibleTo(ctx, e.status) ? e : null;
    },
    experimentLifecycle: () => TRANSITIONS,
  },
  Mutation: {
    proposeExperiment: (_: unknown, { input }: { input: ProposeExperimentInput }, ctx: Ctx) =>
      mutate(ctx, () => proposeExperiment(ctx.db, input, actorOf(ctx))),
    updateExperiment: (_: unknown, { slug, input }: { slug: string; input: UpdateExperimentInput }, ctx: Ctx) =>
      mutate(ctx, async () => (await updateExperiment(ctx.db, slug, input, actorOf(ctx))).experiment),
    checkEntryCriterion: (_: unknown, a: { slug: string; criterion: Criterion; note?: string | null }, ctx: Ctx) =>
      mutate(ctx, () => checkEntryCriterion(ctx.db, a.slug, a.criterion, a.note, actorOf(ctx))),
    signOff: (_: unknown, a: { slug: string; kind: SignOffKind; revision?: string | null; comment?: string | null }, ctx: Ctx) =>
      mutate(ctx, () => signOff(ctx.db, a, actorOf(ctx))),
    releaseRevision: (_: unknown, { slug, input }: { slug: string; input: ReleaseRevisionInput }, ctx: Ctx) =>
      mutate(ctx, () => releaseRevision(ctx.db, slug, input, actorOf(ctx))),
    transitionExperiment: (_: unknown, a: { slug: string; to: Status; reason?: string | null }, ctx: Ctx) =>
      mutate(ctx, () => transitionExperiment(ctx.db, a.slug, a.to, a.reason, actorOf(ctx), (slug) => ctx.exitMetrics.load(slug))),
    recordReview: (_: unknown, a: { slug: string; decision: ReviewDecision; notes: string }, ctx: Ctx) =>
      mutate(ctx, async () => (await recordReview(ctx.db, a.slug, a.decision, a.notes, actorOf(ctx))).review),
    setRollout: (_: unknown, { slug, percent }: { slug: string; percent: number }, ctx: Ctx) =>
      mutate(ctx, () => setRollout(ctx.db, slug, percent, actorOf(ctx))),
    optIn: (_: unknown, { experiment }: { experiment: string }, ctx: Ctx) =>
      mutate(ctx, () => setEnrollment(ctx.db, experiment, 'OPTED_IN', actorOf(ctx), (e) => visibleTo(ctx, e.status)), false),
    optOut: (_: unknown, { experiment }: { experiment: string }, ctx: Ctx) =>
      mutate(ctx, () => setEnrollment(ctx.db, experiment, 'OPTED_OUT', actorOf(ctx), (e) => visibleTo(ctx, e.status)), false),
  },
  Account: {
    enabledFeatures: async (parent: RequiredAccountFields, _: unknown, ctx: Ctx) => {
      requireSelf(ctx, parent.id, 'enabled features');
      return (await evaluationFor(parent, ctx)).enabled.map(featureOf);
    },
    suspendedFeatures: async (parent: RequiredAccountFields, _: unknown, ctx: Ctx) => {
      requireSelf(ctx, parent.id, 'suspended features');
      return (await evaluationFor(parent, ctx)).suspended.map(({ entry, reasons }) => ({
        ...featureOf(entry),
        reason: reasons[0],
        reasons,
      }));
    },
    endedFeatures: async (parent: { id: string; channel?: Channel | null }, _: unknown, ctx: Ctx) => {
      requireSelf(ctx, parent.id, 'ended features');
      const [catalog, enrollments] = await Promise.all([ctx.catalog(), enrollmentStatuses(ctx, parent.id)]);
      return endedFeaturesOf(catalog.ended, parent, enrollments, new Date()).map(endedFeatureOf);
    },
    enrollments: async (parent: { id: string }, args: PageArgs, ctx: Ctx) => {
      requireSelf(ctx, parent.id, 'enrollments');
      return ctx.enrollmentPages.load(parent.id, pageOf(args, PAGE.enrollments));
    },
  },
  Experiment: {
    __resolveReference: async (ref: { slug: string }, ctx: Ctx) => {
      const e = await ctx.experimentsBySlug.load(ref.slug);
      return e && visibleTo(ctx, e.status) ? e : null;
    },
    sla: (e: Experiment) => SERVICE_LEVELS[e.tier],
    exitThresholds: (e: Experiment) => ({
      minFeedbackCount: e.minFeedbackCount,
      minHappyShare: e.minHappyShare,
      minActiveAccounts30d: e.minActiveAccounts30d,
    }),
    reviewOverdue: (e: Experiment) => isReviewOverdue(e, new Date()),
    enrolledAccounts: (e: Experiment, _: unknown, ctx: Ctx) => ctx.enrolledAccounts.load(e.id),
    currentRevision: async (e: Experiment, _: unknown, ctx: Ctx) => (await ctx.revisions.load(e.id))[0] ?? null,
    revisions: (e: Experiment, args: PageArgs, ctx: Ctx) => ctx.revisionPages.load(e.id, pageOf(args, PAGE.revisions)),
    myEnrollment: async (e: Experiment, _: unknown, ctx: Ctx) => {
      if (!ctx.caller.accountId) return null;
      return (await ctx.enrollments.load(ctx.caller.accountId)).find((x) => x.experimentId === e.id) ?? null;
    },
    owner: (e: Experiment, _: unknown, ctx: Ctx) => {
      requireStaff(ctx, 'owner');
      return account(e.ownerId);
    },
    entryCriteria: async (e: Experiment, _: unknown, ctx: Ctx) => {
      requireStaff(ctx, 'entryCriteria');
      const checks = new Map((await ctx.criteria.load(e.id)).map((c) => [c.criterion, c]));
      const required = requiredCriteria(e);
      return CRITERIA.map((criterion) => {
        const check = checks.get(criterion);
        return {
          criterion,
          required: required.includes(criterion),
          checked: Boolean(check),
          checkedBy: check ? account(check.checkedBy) : null,
          checkedAt: check?.checkedAt ?? null,
          note: check?.note ?? null,
        };
      });
    },
    signOffs: async (e: Experiment, args: { includeVoided?: boolean | null } & PageArgs, ctx: Ctx) => {
      requireStaff(ctx, 'signOffs');
      return ctx.signOffPages.load(e.id, { ...pageOf(args, PAGE.signOffs), includeVoided: Boolean(args.includeVoided) });
    },
    reviews: async (e: Experiment, args: PageArgs, ctx: Ctx) => {
      requireStaff(ctx, 'reviews');
      return ctx.reviewPages.load(e.id, pageOf(args, PAGE.reviews));
    },
    auditLog: async (e: Experiment, args: PageArgs, ctx: Ctx) => {
      requireStaff(ctx, 'auditLog');
      return ctx.auditLogPages.load(e.id, pageOf(args, PAGE.auditLog));
    },
    gateStatus: async (e: Experiment, _: unknown, ctx: Ctx) => {
      requireStaff(ctx, 'gateStatus');
      const needsNumbers = transitionsFrom(e.status).some((t) => t.gate === 'EXIT');
      const [checks, signOffs, revisions, exitMetrics] = await Promise.all([
        ctx.criteria.load(e.id),
        ctx.signOffs.load(e.id),
        ctx.revisions.load(e.id),
        needsNumbers ? ctx.exitMetrics.load(e.slug) : Promise.resolve(null),
      ]);
      return gateStatuses(
        e,
        {
          experiment: e,
          checkedCriteria: checks.map((c) => c.criterion),
          signOffs: signOffs.filter((s) => s.voidedAt === null),
          hasReleasedRevision: revisions.length > 0,
          exitMetrics,
        },
        ctx.caller.roles,
      );
    },
  },
  Revision: {
    releasedBy: (r: Revision, _: unknown, ctx: Ctx) => {
      requireStaff(ctx, 'releasedBy');
      return account(r.releasedBy);
    },
  },
  SignOff: {
    gate: (s: SignOff) => SIGN_OFF_RULES[s.kind].gate,
    signer: (s: SignOff) => account(s.signerId),
    voided: (s: SignOff) => s.voidedAt !== null,
  },
  Review: {
    reviewer: (r: Review) => account(r.reviewerId),
    experiment: (r: Review, _: unknown, ctx: Ctx) => ctx.experimentsById.load(r.experimentId),
  },
  AuditEntry: {
    actor: (a: AuditEntry) => account(a.actorId),
    from: (a: AuditEntry) => a.fromStatus,
    to: (a: AuditEntry) => a.toStatus,
    details: (a: AuditEntry) => JSON.stringify(a.details),
    snapshot: (a: AuditEntry) => JSON.stringify(a.snapshot),
  },
  Enrollment: {
    experiment: (en: Enrollment, _: unknown, ctx: Ctx) => ctx.experimentsById.load(en.experimentId),
    history: async (en: Enrollment, _: unknown, ctx: Ctx) =>
      (await ctx.enrollmentEvents.load(en.accountId)).filter((ev) => ev.experimentId === en.experimentId),
  },
};

