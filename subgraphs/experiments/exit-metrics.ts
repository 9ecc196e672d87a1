/**
 * Exit numbers owned by the feedback subgraph (issue 5): feedback counts and adoption, read with
 * federation's entity protocol (`_entities` on Experiment), never from feedback's database.
 * If the call fails, that counts as "numbers unavailable": the thresholds are then not met, and the
 * gate says why. This is the only module that asks. feedback's `adoption` @requires
 * `enrolledAccounts`, so the representation carries it, as the gateway's would.
 */
import type { CallerContext } from '../../common/caller-context';
import { fetchEntity } from '../kit/entity-client';

export interface ExitMetrics {
  feedbackCount: number;
  happy: number;
  sad: number;
  activeAccounts30d: number;
}

export type ExitMetricsResult = { available: true; metrics: ExitMetrics } | { available: false; reason: string };

/** What gates need: given a slug, the numbers or why there are none. Tests pass their own. */
export type ExitMetricsSource = (slug: string, caller: CallerContext, enrolledAccounts: number) => Promise<ExitMetricsResult>;

export const EXIT_METRICS_SELECTION = '{ feedbackSummary { count happy sad } adoption { activeAccounts30d } }';

interface FeedbackEntity {
  feedbackSummary?: { count: number; happy: number; sad: number } | null;
  adoption?: { activeAccounts30d: number } | null;
}

export const fetchExitMetrics: ExitMetricsSource = async (slug, caller, enrolledAccounts) => {
  let entity: FeedbackEntity | null;
  try {
    entity = await fetchEntity<FeedbackEntity>('feedback', { __typename: 'Experiment', slug, enrolledAccounts }, EXIT_METRICS_SELECTION, caller);
  } catch (error) {
    return { available: false, reason: `feedback numbers unavailable (${(error as Error).message})` };
  }
  const summary = entity?.feedbackSummary;
  const adoption = entity?.adoption;
  if (!summary || !adoption) return { available: false, reason: 'feedback numbers unavailable (the feedback service has none for this experiment)' };
  return {
    available: true,
    metrics: { feedbackCount: summary.count, happy: summary.happy, sad: summary.sad, activeAccounts30d: adoption.activeAccounts30d },
  };
};
