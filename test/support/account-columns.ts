/**
 * The columns of a subgraph's database that hold account ids, and what its declaration in
 * common/subgraph-registry.ts says about them: erase must clear every one but those it keeps on
 * purpose (keepsAccountIds), and a subgraph that does not hold account data must have none.
 */
import type { SubgraphDeclaration } from '../../common/subgraph-registry';
import { withDatabase } from './database';

export interface ColumnInfo {
  table: string;
  column: string;
  type: string;
  /** Part of a foreign key into a table of the same database (the row's parent, not an account). */
  foreignKey: boolean;
}

/**
 * Account ids are uuids, and accounts live in identity's database, so here they are uuid columns
 * without a foreign key (and not the row's own `id`); a column named *account_id counts whatever its type.
 */
export function isAccountIdColumn(c: ColumnInfo): boolean {
  return (c.type === 'uuid' && c.column !== 'id' && !c.foreignKey) || /(^|_)account_id$/.test(c.column);
}

export async function columnsOf(database: string): Promise<ColumnInfo[]> {
  return withDatabase(database, async (db) => (await db.query<ColumnInfo>(
    `SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS type,
            EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'f' AND a.attnum = ANY (k.conkey)) AS "foreignKey"
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY 1, 2`,
  )).rows);
}

/** "table.column" of every account-id column of a database. */
export async function accountIdColumns(database: string): Promise<string[]> {
  return (await columnsOf(database)).filter(isAccountIdColumn).map((c) => `${c.table}.${c.column}`);
}

export interface ColumnReview {
  /** The columns erase must leave without the account. */
  mustErase: string[];
  /** Declarations that do not match the database, in words. */
  problems: string[];
}

export function reviewAccountColumns(subgraph: string, declaration: SubgraphDeclaration, columns: string[]): ColumnReview {
  const kept = declaration.keepsAccountIds ?? {};
  if (!declaration.holdsAccountData) {
    const problems = columns.map((c) => `${subgraph}: ${c} holds account ids, but ${subgraph} is declared with holdsAccountData: false in common/subgraph-registry.ts; declare it (and implement kit's erase/export hooks) or drop the column`);
    if (Object.keys(kept).length) problems.push(`${subgraph}: keepsAccountIds is declared, but ${subgraph} holds no account data`);
    return { mustErase: [], problems };
  }
  const problems = Object.entries(kept).flatMap(([column, reason]) => [
    ...(columns.includes(column) ? [] : [`${subgraph}: keepsAccountIds names ${column}, which is not an account-id column of ${declaration.database}; remove it from common/subgraph-registry.ts`]),
    ...(reason.trim() ? [] : [`${subgraph}: keepsAccountIds gives no reason for keeping ${column}`]),
  ]);
  return { mustErase: columns.filter((c) => !Object.hasOwn(kept, c)), problems };
}

/** Rows per "table.column" that hold the account id (columns without one are left out). */
export async function rowsHolding(database: string, accountId: string, columns: string[]): Promise<Record<string, number>> {
  return withDatabase(database, async (db) => {
    const found: Record<string, number> = {};
    for (const key of columns) {
      const [table, column] = key.split('.');
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" WHERE "${column}"::text = $1`, [accountId]);
      if (rows[0].n > 0) found[key] = rows[0].n;
    }
    return found;
  });
}
