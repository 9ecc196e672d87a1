/** Staff roles, granted and revoked by ops (`npm run admin -- grant-role EMAIL ROLE`). */
import type { Sql } from '../kit/database';
import { badInput, notFound } from '../kit/errors';
import { normaliseEmail } from './email';
import { ROLES, type Role } from './accounts';

function parseRole(raw: string): Role {
  const role = raw.trim().toUpperCase();
  if (!(ROLES as readonly string[]).includes(role)) throw badInput(`Unknown role "${raw}". Roles: ${ROLES.join(', ')}.`, 'role');
  return role as Role;
}

export async function grantRole(sql: Sql, rawEmail: string, rawRole: string): Promise<Role[]> {
  const role = parseRole(rawRole);
  const { rows } = await sql.query<{ roles: Role[] }>(
    `UPDATE accounts SET roles = CASE WHEN $2 = ANY(roles) THEN roles ELSE array_append(roles, $2) END, updated_at = now()
      WHERE email = $1 RETURNING roles`,
    [normaliseEmail(rawEmail), role],
  );
  if (!rows[0]) throw notFound(`No beta account has the email ${rawEmail}.`);
  return rows[0].roles;
}

export async function revokeRole(sql: Sql, rawEmail: string, rawRole: string): Promise<Role[]> {
  const role = parseRole(rawRole);
  if (role === 'USER') throw badInput('Every account keeps the USER role.', 'role');
  const { rows } = await sql.query<{ roles: Role[] }>(
    `UPDATE accounts SET roles = array_remove(roles, $2), updated_at = now() WHERE email = $1 RETURNING roles`,
    [normaliseEmail(rawEmail), role],
  );
  if (!rows[0]) throw notFound(`No beta account has the email ${rawEmail}.`);
  return rows[0].roles;
}
