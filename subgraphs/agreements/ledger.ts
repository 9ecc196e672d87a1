/**
 * The consent ledger: one append-only row per event, each carrying the SHA-256 of its content and
 * of the previous row of the same account, so any later edit breaks the chain and shows in proofs.
 */
import { createHash } from 'node:crypto';
import type { Sql } from '../kit/database';

export type ConsentAction = 'ACCEPT' | 'WITHDRAW';

export interface LedgerContent {
  accountId: string;
  sequence: number;
  action: ConsentAction;
  kind: string;
  versionId: string;
  at: Date;
  client: string;
  userAgent: string | null;
  clientAddressHash: string | null;
  previousHash: string | null;
}

export interface LedgerEvent extends LedgerContent {
  id: string;
  hash: string;
}

export interface ChainHead {
  lastSequence: number;
  lastHash: string | null;
}

export function eventHash(e: LedgerContent): string {
  const canonical = JSON.stringify([
    e.accountId, e.sequence, e.action, e.kind, e.versionId, e.at.toISOString(), e.client, e.userAgent, e.clientAddressHash, e.previousHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** True when the events (one account, ascending sequence from 1) re-compute and link. */
export function verifyChain(events: LedgerEvent[]): boolean {
  let previous: string | null = null;
  return events.every((e, i) => {
    const ok = e.sequence === i + 1 && e.previousHash === previous && eventHash(e) === e.hash;
    previous = e.hash;
    return ok;
  });
}

const EVENT_COLUMNS = `id::text, account_id AS "accountId", sequence, action, kind, version_id AS "versionId", at, client,
  user_agent AS "userAgent", client_address_hash AS "clientAddressHash", previous_hash AS "previousHash", hash`;

/** Locks the account's chain head for the rest of the transaction (serialises concurrent appends). */
export async function lockChainHead(tx: Sql, accountId: string): Promise<ChainHead> {
  await tx.query(`INSERT INTO consent_chain_heads (account_id, last_sequence) VALUES ($1, 0) ON CONFLICT (account_id) DO NOTHING`, [accountId]);
  const { rows } = await tx.query<ChainHead>(
    `SELECT last_sequence AS "lastSequence", last_hash AS "lastHash" FROM consent_chain_heads WHERE account_id = $1 FOR UPDATE`,
    [accountId],
  );
  return rows[0];
}

export type EventDraft = Omit<LedgerContent, 'sequence' | 'previousHash' | 'accountId'>;

/** Appends events after the locked head and moves the head; returns the new head. */
export async function appendEvents(tx: Sql, accountId: string, head: ChainHead, drafts: EventDraft[]): Promise<ChainHead> {
  let current = head;
  for (const draft of drafts) {
    const content: LedgerContent = { ...draft, accountId, sequence: current.lastSequence + 1, previousHash: current.lastHash };
    const hash = eventHash(content);
    await tx.query(
      `INSERT INTO consent_ledger (account_id, sequence, action, kind, version_id, at, client, user_agent, client_address_hash, previous_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [accountId, content.sequence, content.action, content.kind, content.versionId, content.at, content.client, content.userAgent, content.clientAddressHash, content.previousHash, hash],
    );
    current = { lastSequence: content.sequence, lastHash: hash };
  }
  await tx.query(`UPDATE consent_chain_heads SET last_sequence = $2, last_hash = $3 WHERE account_id = $1`, [accountId, current.lastSequence, current.lastHash]);
  return current;
}

export async function loadChain(sql: Sql, accountId: string): Promise<LedgerEvent[]> {
  const { rows } = await sql.query<LedgerEvent>(`SELECT ${EVENT_COLUMNS} FROM consent_ledger WHERE account_id = $1 ORDER BY sequence`, [accountId]);
  return rows;
}

/** Newest first, `first` events before sequence `before` (exclusive). */
export async function loadHistoryPage(sql: Sql, accountId: string, first: number, before: number | null): Promise<LedgerEvent[]> {
  const { rows } = await sql.query<LedgerEvent>(
    `SELECT ${EVENT_COLUMNS} FROM consent_ledger
      WHERE account_id = $1 AND ($2::int IS NULL OR sequence < $2)
      ORDER BY sequence DESC LIMIT $3`,
    [accountId, before, first],
  );
  return rows;
}
