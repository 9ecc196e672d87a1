import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Counting an experiment's opted-in accounts (Experiment.enrolledAccounts) without scanning all enrollments. */
export class EnrolledAccountsIndex1764100001000 implements MigrationInterface {
  name = 'EnrolledAccountsIndex1764100001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX enrollments_opted_in_idx ON enrollments (experiment_id) WHERE status = 'OPTED_IN'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX enrollments_opted_in_idx`);
  }
}
