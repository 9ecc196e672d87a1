/**
 * Runs a subgraph's pending TypeORM migrations under an advisory lock, so replicas that start
 * together do not race. TypeORM is used for migrations only; queries go through Database.
 */
import 'reflect-metadata';
import { DataSource, type MigrationInterface } from 'typeorm';
import { Client } from 'pg';

type MigrationClass = new () => MigrationInterface;

export async function runMigrations(url: string, migrations: MigrationClass[]): Promise<string[]> {
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(hashtext('beta-services-migrations'))`);
    const dataSource = new DataSource({
      type: 'postgres',
      url,
      migrations,
      migrationsTableName: 'schema_migrations',
      logging: false,
    });
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query(`SELECT pg_advisory_unlock(hashtext('beta-services-migrations'))`).catch(() => undefined);
    await lock.end();
  }
}
