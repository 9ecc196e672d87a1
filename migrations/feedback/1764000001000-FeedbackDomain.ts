import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feedback and usage. Aggregate-friendly columns live in `feedback`; personal free text lives in
 * `feedback_comments`, so comments can be purged without losing counts. Daily rollups keep
 * `feedbackSummary` cheap however many rows there are; the per-day unique constraint enforces the
 * prompt rate limit (one feedback per account, experiment and UTC day) even under concurrency.
 */
export class FeedbackDomain1764000001000 implements MigrationInterface {
  name = 'FeedbackDomain1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE feedback (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL,
        experiment text NOT NULL,
        revision text,
        sentiment text NOT NULL CHECK (sentiment IN ('HAPPY', 'SAD')),
        rating smallint CHECK (rating BETWEEN 1 AND 5),
        locale text NOT NULL,
        client_version text NOT NULL,
        platform text,
        client_request_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        day date NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')::date,
        CONSTRAINT feedback_once_per_day UNIQUE (account_id, experiment, day),
        CONSTRAINT feedback_client_request_key UNIQUE (account_id, client_request_id)
      )`);
    await q.query(`CREATE INDEX feedback_experiment_page_idx ON feedback (experiment, created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE feedback_comments (
        feedback_id uuid PRIMARY KEY REFERENCES feedback(id) ON DELETE CASCADE,
        comment text NOT NULL CHECK (length(comment) BETWEEN 1 AND 2000)
      )`);
    await q.query(`
      CREATE TABLE feedback_daily (
        experiment text NOT NULL,
        day date NOT NULL,
        count integer NOT NULL,
        happy integer NOT NULL,
        sad integer NOT NULL,
        rating_sum integer NOT NULL,
        rating_count integer NOT NULL,
        PRIMARY KEY (experiment, day)
      )`);
    await q.query(`
      CREATE TABLE feedback_accounts (
        experiment text NOT NULL,
        account_id uuid NOT NULL,
        last_at timestamptz NOT NULL,
        PRIMARY KEY (experiment, account_id)
      )`);
    await q.query(`CREATE INDEX feedback_accounts_recent_idx ON feedback_accounts (experiment, last_at)`);
    await q.query(`CREATE INDEX feedback_accounts_account_idx ON feedback_accounts (account_id)`);
    await q.query(`
      CREATE TABLE usage_events (
        id bigserial PRIMARY KEY,
        account_id uuid NOT NULL,
        experiment text NOT NULL,
        name text NOT NULL,
        at timestamptz NOT NULL,
        value double precision,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX usage_events_account_idx ON usage_events (account_id)`);
    await q.query(`CREATE INDEX usage_events_experiment_at_idx ON usage_events (experiment, at)`);
    await q.query(`
      CREATE TABLE usage_active_days (
        experiment text NOT NULL,
        day date NOT NULL,
        account_id uuid NOT NULL,
        PRIMARY KEY (experiment, day, account_id)
      )`);
    await q.query(`CREATE INDEX usage_active_days_account_idx ON usage_active_days (account_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE usage_active_days, usage_events, feedback_accounts, feedback_daily, feedback_comments, feedback`);
  }
}
