/** Storing one feedback entry with its rollups, once per account, experiment and UTC day. */
import type { Database, Sql } from '../kit/database';
import { isUniqueViolation } from '../kit/database';
import { rateLimited } from '../kit/errors';
import type { FeedbackInput, Sentiment } from './validation';

export interface Feedback {
  id: string;
  accountId: string;
  experiment: string;
  revision: string | null;
  sentiment: Sentiment;
  rating: number | null;
  comment: string | null;
  locale: string;
  clientVersion: string;
  platform: string | null;
  createdAt: Date;
}

export const FEEDBACK_COLUMNS = `f.id, f.account_id AS "accountId", f.experiment, f.revision, f.sentiment, f.rating, c.comment,
  f.locale, f.client_version AS "clientVersion", f.platform, f.created_at AS "createdAt"`;

async function byClientRequest(sql: Sql, accountId: string, clientRequestId: string): Promise<Feedback | null> {
  const { rows } = await sql.query<Feedback>(
    `SELECT ${FEEDBACK_COLUMNS} FROM feedback f LEFT JOIN feedback_comments c ON c.feedback_id = f.id
      WHERE f.account_id = $1 AND f.client_request_id = $2`,
    [accountId, clientRequestId],
  );
  return rows[0] ?? null;
}

function secondsToNextUtcDay(now = new Date()): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.ceil((next - now.getTime()) / 1000);
}

/** A retry with the same clientRequestId, even a concurrent one, returns the stored entry instead of a rate-limit error. */
export async function storeFeedback(db: Database, accountId: string, input: FeedbackInput & { comment: string | null }, revision: string | null): Promise<Feedback> {
  if (input.clientRequestId) {
    const earlier = await byClientRequest(db, accountId, input.clientRequestId);
    if (earlier) return earlier;
  }
  try {
    return await db.transaction(async (tx) => {
      const { rows } = await tx.query<Omit<Feedback, 'comment'>>(
        `INSERT INTO feedback AS f (account_id, experiment, revision, sentiment, rating, locale, client_version, platform, client_request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING f.id, f.account_id AS "accountId", f.experiment, f.revision, f.sentiment, f.rating, f.locale,
                   f.client_version AS "clientVersion", f.platform, f.created_at AS "createdAt", f.day`,
        [accountId, input.experiment, revision, input.sentiment, input.rating ?? null, input.locale, input.clientVersion, input.platform ?? null, input.clientRequestId ?? null],
      );
      const row = rows[0] as Omit<Feedback, 'comment'> & { day: Date };
      if (input.comment) await tx.query(`INSERT INTO feedback_comments (feedback_id, comment) VALUES ($1, $2)`, [row.id, input.comment]);
      const happy = input.sentiment === 'HAPPY' ? 1 : 0;
      await tx.query(
        `INSERT INTO feedback_daily (experiment, day, count, happy, sad, rating_sum, rating_count) VALUES ($1, $2, 1, $3, $4, $5, $6)
         ON CONFLICT (experiment, day) DO UPDATE SET count = feedback_daily.count + 1, happy = feedback_daily.happy + $3,
           sad = feedback_daily.sad + $4, rating_sum = feedback_daily.rating_sum + $5, rating_count = feedback_daily.rating_count + $6`,
        [input.experiment, row.day, happy, 1 - happy, input.rating ?? 0, input.rating == null ? 0 : 1],
      );
      // xmax = 0 marks a freshly inserted row: this account's first feedback on the experiment.
      const { rows: [seen] } = await tx.query<{ first: boolean }>(
        `INSERT INTO feedback_accounts (experiment, account_id, last_at) VALUES ($1, $2, $3)
         ON CONFLICT (experiment, account_id) DO UPDATE SET last_at = EXCLUDED.last_at
         RETURNING (xmax = 0) AS first`,
        [input.experiment, accountId, row.createdAt],
      );
      if (seen.first) {
        await tx.query(
          `INSERT INTO feedback_totals (experiment, unique_accounts) VALUES ($1, 1)
           ON CONFLICT (experiment) DO UPDATE SET unique_accounts = feedback_totals.unique_accounts + 1`,
          [input.experiment],
        );
      }
      const { day: _day, ...feedback } = row;
      return { ...feedback, comment: input.comment };
    });
  } catch (error) {
    // A concurrent retry may have stored this very request first. Which unique rule reports that
    // (per request id or per day) is up to PostgreSQL, so look the request up on either; the
    // winner has committed (a unique violation waits for it), so this new statement sees its row.
    if (isUniqueViolation(error) && input.clientRequestId) {
      const earlier = await byClientRequest(db, accountId, input.clientRequestId);
      if (earlier) return earlier;
    }
    if (isUniqueViolation(error, 'feedback_once_per_day')) {
      const wait = secondsToNextUtcDay();
      throw rateLimited(`You already sent feedback on ${input.experiment} today; you can send more in ${Math.ceil(wait / 3600)} hour(s) (at 00:00 UTC).`, wait);
    }
    throw error;
  }
}
