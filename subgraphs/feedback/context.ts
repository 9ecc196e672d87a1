import DataLoader from 'dataloader';
import type { BaseSubgraphContext } from '../kit/server';
import { loadActivity, loadSummaries, type Activity, type FeedbackSummary } from './summaries';

export interface FeedbackContext extends BaseSubgraphContext {
  summaries: DataLoader<string, FeedbackSummary>;
  activity: DataLoader<string, Activity>;
}

export function createFeedbackContext(base: BaseSubgraphContext): FeedbackContext {
  return {
    ...base,
    summaries: new DataLoader((slugs) => loadSummaries(base.db, slugs)),
    activity: new DataLoader((slugs) => loadActivity(base.db, slugs)),
  };
}
