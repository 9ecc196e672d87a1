/** Thin resolvers: check the caller and eligibility, then store or read. */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap';
import { requireAccount, requireRole } from '../kit/caller';
import { DateTime } from '../kit/scalars';
import { assertFeatureEnabled, assertInstrumentationConsent, assertOpen, experimentStatuses } from './eligibility';
import { feedbackPage } from './comments';
import { pageOf } from '../kit/pagination';
import { storeFeedback, type Feedback } from './submissions';
import { storeUsage } from './usage';
import { checkSlug, normaliseFeedback, validateUsageEvents, type FeedbackInput, type UsageEventInput } from './validation';
import type { FeedbackContext } from './context';

const FEEDBACK_READERS = ['PRODUCT', 'UX'];

export const resolvers: GraphQLResolverMap<FeedbackContext> = {
  DateTime,
  Query: {
    feedback: (_: unknown, args: { experiment: string; first?: number | null; after?: string | null }, ctx: FeedbackContext) => {
      requireRole(ctx, FEEDBACK_READERS);
      return feedbackPage(ctx.db, checkSlug(args.experiment), pageOf(args, 20));
    },
  },
  Mutation: {
    submitFeedback: async (_: unknown, { input }: { input: FeedbackInput }, ctx: FeedbackContext) => {
      const accountId = requireAccount(ctx);
      const feedback = normaliseFeedback(input);
      const status = (await experimentStatuses([feedback.experiment], ctx.caller)).get(feedback.experiment);
      assertOpen(feedback.experiment, status);
      const enabledRevision = await assertFeatureEnabled(feedback.experiment, status!, ctx.caller);
      return storeFeedback(ctx.db, accountId, feedback, feedback.revision ?? enabledRevision);
    },
    recordUsage: async (_: unknown, { events }: { events: UsageEventInput[] }, ctx: FeedbackContext) => {
      const accountId = requireAccount(ctx);
      validateUsageEvents(events, new Date());
      await assertInstrumentationConsent(ctx.caller);
      const slugs = [...new Set(events.map((e) => e.experiment))];
      const statuses = await experimentStatuses(slugs, ctx.caller);
      for (const slug of slugs) assertOpen(slug, statuses.get(slug));
      return { accepted: await storeUsage(ctx.db, accountId, events) };
    },
  },
  Experiment: {
    feedbackSummary: (experiment: { slug: string }, _: unknown, ctx: FeedbackContext) => ctx.summaries.load(experiment.slug),
    adoption: async (experiment: { slug: string; enrolledAccounts: number }, _: unknown, ctx: FeedbackContext) => ({
      enrolledAccounts: experiment.enrolledAccounts,
      ...(await ctx.activity.load(experiment.slug)),
    }),
  },
  Feedback: {
    experiment: (feedback: Feedback) => ({ slug: feedback.experiment }),
  },
};
