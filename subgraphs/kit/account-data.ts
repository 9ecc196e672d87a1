/**
 * Every subgraph can erase and export what it holds about one account. Identity's deleteAccount
 * and exportMyData fan out to these internal routes (not part of the GraphQL schema, so the
 * gateway never exposes them); a call must be signed with the gateway secret and carry the
 * SYSTEM role for that very account.
 */
import type { Express, Request, Response } from 'express';
import { SYSTEM_ROLE, type CallerContext } from '../../common/caller-context';
import type { Logger } from '../../common/logger';
import type { Database } from './database';
import { requireGatewaySignature, type SignatureCheck } from './caller';

export interface AccountDataHandlers {
  /** Removes every row of the account; idempotent. Returns how many rows it removed. */
  erase(db: Database, accountId: string): Promise<number>;
  /** Everything this subgraph holds about the account, as JSON. */
  export(db: Database, accountId: string): Promise<Record<string, unknown>>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function systemCallFor(req: Request, res: Response): string | null {
  const caller = res.locals.caller as CallerContext;
  const id = String(req.params.id);
  if (!UUID.test(id) || caller.accountId !== id || !caller.roles.includes(SYSTEM_ROLE)) {
    res.status(403).json({ error: 'account data routes take a SYSTEM call for the same account' });
    return null;
  }
  return id;
}

export function mountAccountDataRoutes(app: Express, db: Database, handlers: AccountDataHandlers, signature: SignatureCheck, log: Logger): void {
  const signed = requireGatewaySignature(signature);
  app.post('/internal/accounts/:id/erase', signed, async (req, res) => {
    const accountId = systemCallFor(req, res);
    if (!accountId) return;
    try {
      const erased = await handlers.erase(db, accountId);
      log.info('account data erased', { accountId, rows: erased });
      res.json({ erased });
    } catch (error) {
      log.error('account erase failed', { accountId, error });
      res.status(500).json({ error: (error as Error).message });
    }
  });
  app.get('/internal/accounts/:id/export', signed, async (req, res) => {
    const accountId = systemCallFor(req, res);
    if (!accountId) return;
    try {
      res.json({ data: await handlers.export(db, accountId) });
    } catch (error) {
      log.error('account export failed', { accountId, error });
      res.status(500).json({ error: (error as Error).message });
    }
  });
}
