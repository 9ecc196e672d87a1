import type { MigrationInterface, QueryRunner } from 'typeorm';
import { writeBetaStamp } from '../../subgraphs/kit/beta-stamp';

export class FeedbackInit1764000000000 implements MigrationInterface {
  name = 'FeedbackInit1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await writeBetaStamp(q, 'feedback');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE beta_environment');
  }
}
