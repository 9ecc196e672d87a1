/** Verifying the gateway's signed caller header, and the guards resolvers use on it. */
import type { RequestHandler } from 'express';
import { decodeCaller, CALLER_HEADER, SIGNATURE_HEADER, type CallerContext } from '../../common/caller-context';
import { forbidden, unauthenticated } from './errors';

export function requireGatewaySignature(secret: string): RequestHandler {
  return (req, res, next) => {
    const result = decodeCaller(req.header(CALLER_HEADER), req.header(SIGNATURE_HEADER), secret);
    if (!result.ok) {
      res.status(401).json({ errors: [{ message: `Rejected: ${result.reason}.`, extensions: { code: 'UNAUTHENTICATED' } }] });
      return;
    }
    res.locals.caller = result.caller;
    next();
  };
}

export interface CallerBearer {
  caller: CallerContext;
}

/** The signed-in account id, or UNAUTHENTICATED. */
export function requireAccount(ctx: CallerBearer): string {
  if (!ctx.caller.accountId) throw unauthenticated();
  return ctx.caller.accountId;
}

/** The signed-in account id if it holds one of the roles, else FORBIDDEN naming the roles. */
export function requireRole(ctx: CallerBearer, allowed: readonly string[]): string {
  const accountId = requireAccount(ctx);
  if (!ctx.caller.roles.some((r) => allowed.includes(r))) {
    throw forbidden(`This operation needs one of the roles ${allowed.join(', ')}; ask an OPS admin to grant it.`);
  }
  return accountId;
}
