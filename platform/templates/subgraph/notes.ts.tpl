/**
 * The {{name}} subgraph's example domain: one note per account. The rule (what a note may be) is a
 * pure function; the SQL is beside it. Replace both with the experiment's own.
 */
import type { Sql } from '../kit/database';
import { badInput } from '../kit/errors';

export const MAX_NOTE_LENGTH = {{maxNoteLength}};

/** What an account has here; an account that never set a note has the empty state. */
export interface {{Name}}State {
  note: string | null;
  updatedAt: Date | null;
}

const EMPTY: {{Name}}State = { note: null, updatedAt: null };

/** Trimmed, not empty, at most MAX_NOTE_LENGTH characters (control characters are refused by kit for every subgraph). */
export function normaliseNote(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw badInput('The note is empty: write some text.', 'text');
  if ([...trimmed].length > MAX_NOTE_LENGTH) throw badInput(`The note is too long: at most ${MAX_NOTE_LENGTH} characters.`, 'text');
  return trimmed;
}

export async function saveNote(sql: Sql, accountId: string, note: string): Promise<{{Name}}State> {
  const { rows } = await sql.query<{{Name}}State>(
    `INSERT INTO notes (account_id, text) VALUES ($1, $2)
     ON CONFLICT (account_id) DO UPDATE SET text = EXCLUDED.text, updated_at = now()
     RETURNING text AS note, updated_at AS "updatedAt"`,
    [accountId, note],
  );
  return rows[0];
}

/** The state of many accounts in one statement, in the order asked. */
export async function statesOf(sql: Sql, accountIds: readonly string[]): Promise<{{Name}}State[]> {
  const { rows } = await sql.query<{{Name}}State & { accountId: string }>(
    `SELECT account_id AS "accountId", text AS note, updated_at AS "updatedAt" FROM notes WHERE account_id = ANY($1::uuid[])`,
    [accountIds],
  );
  const byAccount = new Map(rows.map(({ accountId, ...state }) => [accountId, state]));
  return accountIds.map((id) => byAccount.get(id) ?? EMPTY);
}
