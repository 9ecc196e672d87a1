/** Accounts: sign-up, sign-in and lookups. Plain functions over Sql, testable without a server. */
import type { CallerContext } from '../../common/caller-context';
import type { Database, Sql } from '../kit/database';
import { isUniqueViolation } from '../kit/database';
import { badInput, conflict, DomainError, unauthenticated } from '../kit/errors';
import { normaliseEmail } from './email';
import { dummyPasswordHash, hashPassword, validatePassword, verifyPassword } from './passwords';
import { clearEmailFailures, releaseSignInAttempt, reserveSignInAttempt } from './throttle';
import { createSession } from './sessions';
import { reserveSignUp } from './sign-up-limit';
import { ACCOUNT_COLUMNS, type Account } from './account';

// The account row's shape lives in account.ts (sessions and tokens need it without sign-in and sign-up).
export { ACCOUNT_COLUMNS, ROLES, type Account, type Channel, type Role } from './account';

export interface SignUpInput {
  email: string;
  password: string;
  displayName: string;
}

export function validateDisplayName(raw: string): string {
  const name = raw.trim().replace(/\s+/g, ' ');
  if (name.length < 1 || name.length > 80) throw badInput('The display name must be 1 to 80 characters.', 'displayName');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw badInput('The display name must not contain control characters.', 'displayName');
  return name;
}

export interface NewSession {
  account: Account;
  sessionId: string;
  refreshToken: string;
}

export async function signUp(db: Database, input: SignUpInput, caller: CallerContext): Promise<NewSession> {
  const email = normaliseEmail(input.email);
  const displayName = validateDisplayName(input.displayName);
  validatePassword(input.password, email);
  await reserveSignUp(db, caller.clientAddress);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const { rows } = await tx.query<Account>(
        `INSERT INTO accounts AS a (email, display_name, password_hash) VALUES ($1, $2, $3) RETURNING ${ACCOUNT_COLUMNS}`,
        [email, displayName, passwordHash],
      );
      const session = await createSession(tx, rows[0].id, caller.client, caller.userAgent);
      return { account: rows[0], ...session };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'accounts_email_key')) {
      throw conflict('An account with this email already exists in the beta. Sign in instead.', 'email');
    }
    throw error;
  }
}

const INVALID_CREDENTIALS = 'The email or password is wrong.';

export async function signIn(db: Database, input: { email: string; password: string }, caller: CallerContext): Promise<NewSession> {
  let email: string;
  try {
    email = normaliseEmail(input.email);
  } catch {
    throw unauthenticated(INVALID_CREDENTIALS);
  }
  await reserveSignInAttempt(db, email, caller.clientAddress);
  const { rows } = await db.query<Account & { passwordHash: string }>(
    `SELECT ${ACCOUNT_COLUMNS}, a.password_hash AS "passwordHash" FROM accounts a WHERE a.email = $1`,
    [email],
  );
  const found = rows[0];
  const ok = await verifyPassword(input.password, found?.passwordHash ?? (await dummyPasswordHash()));
  if (!found || !ok) throw unauthenticated(INVALID_CREDENTIALS);
  await releaseSignInAttempt(db, email, caller.clientAddress);
  if (found.status === 'DELETING') throw unauthenticated(INVALID_CREDENTIALS);
  if (found.status !== 'ACTIVE') throw new DomainError('FORBIDDEN', 'This account is suspended; contact beta support.');
  const { passwordHash: _hash, ...account } = found;
  return db.transaction(async (tx) => {
    await clearEmailFailures(tx, email);
    const session = await createSession(tx, account.id, caller.client, caller.userAgent);
    return { account, ...session };
  });
}

/** The caller's account if its session is still open (signOut ends it). */
export async function findSignedInAccount(sql: Sql, accountId: string, sessionId: string): Promise<Account | null> {
  const { rows } = await sql.query<Account>(
    `SELECT ${ACCOUNT_COLUMNS} FROM accounts a JOIN sessions s ON s.account_id = a.id
      WHERE a.id = $1 AND s.id = $2 AND s.revoked_at IS NULL`,
    [accountId, sessionId],
  );
  return rows[0] ?? null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Batch lookup in input order (null where missing); one query for any number of ids. */
export async function findAccountsByIds(sql: Sql, ids: readonly string[]): Promise<(Account | null)[]> {
  const valid = ids.filter((id) => UUID.test(id));
  if (valid.length === 0) return ids.map(() => null);
  const { rows } = await sql.query<Account>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = ANY($1::uuid[])`, [valid]);
  const byId = new Map(rows.map((a) => [a.id, a]));
  return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
}
