/** Staff paging through the feedback of one experiment, newest first, with a keyset cursor. */
import type { Sql } from '../kit/database';
import { badInput } from '../kit/errors';
import type { Page } from '../kit/pagination';
import { FEEDBACK_COLUMNS, type Feedback } from './submissions';

const encode = (f: Feedback) => Buffer.from(JSON.stringify([f.createdAt.toISOString(), f.id])).toString('base64url');
function decode(cursor: string): [string, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (Number.isNaN(Date.parse(at)) || typeof id !== 'string') throw new Error('shape');
    return [at, id];
  } catch {
    throw badInput('The cursor is not valid; pass a nextCursor you received.', 'after');
  }
}

export async function feedbackPage(sql: Sql, experiment: string, { first, after }: Page) {
  const [at, id] = after ? decode(after) : [null, null];
  const { rows } = await sql.query<Feedback>(
    `SELECT ${FEEDBACK_COLUMNS} FROM feedback f LEFT JOIN feedback_comments c ON c.feedback_id = f.id
      WHERE f.experiment = $1 AND ($2::timestamptz IS NULL OR (f.created_at, f.id) < ($2::timestamptz, $3::uuid))
      ORDER BY f.created_at DESC, f.id DESC LIMIT $4`,
    [experiment, at, id, first + 1],
  );
  const entries = rows.slice(0, first);
  return { entries, nextCursor: rows.length > first ? encode(entries[entries.length - 1]) : null };
}
