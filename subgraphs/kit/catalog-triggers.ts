/**
 * SQL for the migrations that make catalog tables announce their changes: a statement-level
 * trigger NOTIFYs the catalog's channel on every INSERT, UPDATE, DELETE or TRUNCATE, so no writer
 * can forget to. NOTIFY is transactional: the listeners (kit/cached-catalog.ts) hear of it when the
 * transaction commits, never of one rolled back, and PostgreSQL folds the identical notifications
 * of one transaction into one.
 */
import type { QueryRunner } from 'typeorm';

export async function createCatalogNotifyTriggers(q: QueryRunner, channel: string, tables: string[]): Promise<void> {
  await q.query(`
    CREATE FUNCTION notify_catalog_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify(TG_ARGV[0], TG_TABLE_NAME);
      RETURN NULL;
    END $$`);
  for (const table of tables) {
    await q.query(`
      CREATE TRIGGER ${table}_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed('${channel}')`);
  }
}

export async function dropCatalogNotifyTriggers(q: QueryRunner, tables: string[]): Promise<void> {
  for (const table of tables) await q.query(`DROP TRIGGER ${table}_catalog_changed ON ${table}`);
  await q.query(`DROP FUNCTION notify_catalog_changed()`);
}
