/** Every row, in every table of one database, that holds a given account id in any uuid column. */
import { withDatabase } from './database';

export async function rowsReferencing(database: string, accountId: string): Promise<Record<string, number>> {
  return withDatabase(database, async (db) => {
    const { rows: columns } = await db.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type = 'uuid' ORDER BY table_name, column_name`,
    );
    const found: Record<string, number> = {};
    for (const { table_name, column_name } of columns) {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table_name}" WHERE "${column_name}" = $1`, [accountId]);
      if (rows[0].n > 0) found[`${table_name}.${column_name}`] = rows[0].n;
    }
    return found;
  });
}
