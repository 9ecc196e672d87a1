import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an experiment ended (GRADUATED or KILLED) and the reason staff gave, so accounts that had the
 * feature can be told its outcome (Account.endedFeatures). Ended experiments are backfilled from
 * their last TRANSITIONED audit entry; a kill decided at a monthly review keeps no public reason
 * (its text is the review's notes, written for staff).
 */
export class ExperimentOutcomes1764300000000 implements MigrationInterface {
  name = 'ExperimentOutcomes1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE experiments ADD COLUMN ended_at timestamptz, ADD COLUMN end_reason text CHECK (length(end_reason) <= 2000)`);
    await q.query(`
      UPDATE experiments e SET ended_at = a.at, end_reason = CASE WHEN a.details ? 'review' THEN NULL ELSE a.reason END
        FROM (SELECT DISTINCT ON (experiment_id) experiment_id, at, reason, details FROM audit_log
               WHERE action = 'TRANSITIONED' AND to_status IN ('GRADUATED', 'KILLED') ORDER BY experiment_id, id DESC) a
       WHERE a.experiment_id = e.id AND e.status IN ('GRADUATED', 'KILLED')`);
    await q.query(`UPDATE experiments SET ended_at = updated_at WHERE status IN ('GRADUATED', 'KILLED') AND ended_at IS NULL`);
    await q.query(`ALTER TABLE experiments ADD CONSTRAINT experiments_ended CHECK ((status IN ('GRADUATED', 'KILLED')) = (ended_at IS NOT NULL))`);
    // Account.endedFeatures reads the experiments that ended within the window.
    await q.query(`CREATE INDEX experiments_ended_idx ON experiments (ended_at) WHERE ended_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX experiments_ended_idx`);
    await q.query(`ALTER TABLE experiments DROP CONSTRAINT experiments_ended, DROP COLUMN end_reason, DROP COLUMN ended_at`);
  }
}
