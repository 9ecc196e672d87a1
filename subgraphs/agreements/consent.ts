/** Accepting and withdrawing consent: ledger append and current state in one transaction. */
import { createHmac } from 'node:crypto';
import type { CallerContext } from '../../common/caller-context';
import { envString } from '../../common/env';
import type { Database, Sql } from '../kit/database';
import { badInput } from '../kit/errors';
import { currentVersion, type Catalog } from './catalog';
import { appendEvents, lockChainHead, type EventDraft } from './ledger';
import type { AcceptedRow } from './consent-state';
import { refuseErasedAccount } from './erased-accounts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_VERSIONS_PER_CALL = 20;

/** Keyed hash of the client address: the ledger proves "same client" without storing the address. */
export function hashClientAddress(address: string | null): string | null {
  if (!address) return null;
  const key = process.env.CONSENT_ADDRESS_KEY || envString('GATEWAY_SECRET');
  return createHmac('sha256', key).update(`consent-address:${address}`).digest('hex');
}

function eventContext(caller: CallerContext) {
  return { client: caller.client, userAgent: caller.userAgent, clientAddressHash: hashClientAddress(caller.clientAddress) };
}

/** Checks every id before anything is written: unknown, duplicate or non-current ids are refused by name. */
export function validateAcceptance(catalog: Catalog, versionIds: string[], now: Date) {
  if (versionIds.length === 0) throw badInput('Give at least one agreement version id to accept.', 'versionIds');
  if (versionIds.length > MAX_VERSIONS_PER_CALL) throw badInput(`Accept at most ${MAX_VERSIONS_PER_CALL} versions per call.`, 'versionIds');
  const seen = new Set<string>();
  return versionIds.map((id) => {
    if (seen.has(id)) throw badInput(`Version id ${id} is listed twice; list each version once.`, 'versionIds');
    seen.add(id);
    const version = UUID.test(id) ? catalog.byId.get(id.toLowerCase()) : undefined;
    if (!version) throw badInput(`Unknown agreement version id ${id}; read \`agreements\` for the current versions.`, 'versionIds');
    const current = currentVersion(catalog, version.kind, now);
    if (!current || current.id !== version.id) {
      throw badInput(
        `Version ${version.version} of ${version.kind} (id ${id}) is not the current version and cannot be accepted` +
          (current ? `; accept ${current.version} (id ${current.id}) instead.` : '.'),
        'versionIds',
      );
    }
    return version;
  });
}

export async function loadAccepted(sql: Sql, accountIds: readonly string[]): Promise<AcceptedRow[]> {
  const { rows } = await sql.query<AcceptedRow>(
    `SELECT account_id AS "accountId", kind, version_id AS "versionId", accepted_at AS "acceptedAt"
       FROM consent_state WHERE account_id = ANY($1::uuid[])`,
    [accountIds],
  );
  return rows;
}

/** Idempotent: a version already accepted adds no ledger row. Returns how many events were appended. */
export async function acceptAgreements(db: Database, catalog: Catalog, accountId: string, versionIds: string[], caller: CallerContext, now = new Date()): Promise<number> {
  const versions = validateAcceptance(catalog, versionIds, now);
  return db.transaction(async (tx) => {
    await refuseErasedAccount(tx, accountId);
    const head = await lockChainHead(tx, accountId);
    const { rows: state } = await tx.query<{ kind: string; versionId: string }>(
      `SELECT kind, version_id AS "versionId" FROM consent_state WHERE account_id = $1`,
      [accountId],
    );
    const held = new Map(state.map((s) => [s.kind, s.versionId]));
    const at = new Date();
    const drafts: EventDraft[] = versions
      .filter((v) => held.get(v.kind) !== v.id)
      .map((v) => ({ action: 'ACCEPT', kind: v.kind, versionId: v.id, at, ...eventContext(caller) }));
    if (drafts.length === 0) return 0;
    await appendEvents(tx, accountId, head, drafts);
    for (const d of drafts) {
      await tx.query(
        `INSERT INTO consent_state (account_id, kind, version_id, accepted_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (account_id, kind) DO UPDATE SET version_id = EXCLUDED.version_id, accepted_at = EXCLUDED.accepted_at`,
        [accountId, d.kind, d.versionId, at],
      );
    }
    return drafts.length;
  });
}

export async function withdrawConsent(db: Database, catalog: Catalog, accountId: string, kind: string, caller: CallerContext): Promise<void> {
  if (!catalog.versionsByKind.has(kind)) throw badInput(`Unknown agreement kind ${kind}.`, 'kind');
  await db.transaction(async (tx) => {
    const head = await lockChainHead(tx, accountId);
    const { rows } = await tx.query<{ versionId: string }>(
      `DELETE FROM consent_state WHERE account_id = $1 AND kind = $2 RETURNING version_id AS "versionId"`,
      [accountId, kind],
    );
    if (rows.length === 0) throw badInput(`You have not accepted ${kind}, so there is nothing to withdraw.`, 'kind');
    await appendEvents(tx, accountId, head, [{ action: 'WITHDRAW', kind, versionId: rows[0].versionId, at: new Date(), ...eventContext(caller) }]);
  });
}
