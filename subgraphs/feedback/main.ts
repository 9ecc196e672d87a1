/** Feedback subgraph process: feedback, aggregates and consented usage events. */
// First: tracing must patch http, undici, pg and graphql before anything loads them.
import '../../common/tracing';
import { runSubgraphProcess } from '../kit/server';
import { feedbackMigrations } from '../../migrations/feedback';
import { resolvers } from './resolvers';
import { createFeedbackContext } from './context';
import { feedbackAccountData } from './account-data';

runSubgraphProcess({
  name: 'feedback',
  migrations: feedbackMigrations,
  resolvers,
  accountData: feedbackAccountData,
  createContext: createFeedbackContext,
});
