/** Puts a fresh account into every account column of feedback: feedback (with a comment), its per-account row, usage events and active days. */
import { randomUUID } from 'node:crypto';
import { gql, type TestUser } from '../graphql-client';
import { acceptAgreements, ok } from '../experiments';
import type { AccountDataWorld } from './world';

export async function fillAccountData(user: TestUser, world: AccountDataWorld): Promise<void> {
  const slug = await world.launchedExperiment();
  const as = { token: user.accessToken };
  // Feedback needs the feature enabled (consent, opt-in); usage events need the experimental opt-in.
  await acceptAgreements(user);
  ok(await gql(`mutation ($slug: String!) { optIn(experiment: $slug) { status } }`, { slug }, as));
  ok(await gql(`mutation ($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { id } }`, {
    input: { experiment: slug, sentiment: 'HAPPY', comment: 'Written by the coverage fixture.', locale: 'en-GB', clientVersion: '128.0', clientRequestId: randomUUID() },
  }, as));
  ok(await gql(`mutation ($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted } }`,
    { events: [{ experiment: slug, name: 'opened', at: new Date().toISOString() }] }, as));
}
