import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * All-time unique accounts per experiment as a counter, so reading a summary does not count every
 * account that ever gave feedback (the 7/30-day windows still count, but only recent rows).
 */
export class FeedbackTotals1764000002000 implements MigrationInterface {
  name = 'FeedbackTotals1764000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE feedback_totals (
        experiment text PRIMARY KEY,
        unique_accounts integer NOT NULL CHECK (unique_accounts >= 0)
      )`);
    await q.query(`INSERT INTO feedback_totals SELECT experiment, count(*) FROM feedback_accounts GROUP BY experiment`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE feedback_totals`);
  }
}
