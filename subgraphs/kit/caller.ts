/** Verifying the gateway's signed caller headers, and the guards resolvers use on the caller. */
import express, { type Request, type RequestHandler } from 'express';
import { decodeCaller, DEFAULT_MAX_AGE_MS, type CallerContext } from '../../common/caller-context';
import { envInt } from '../../common/env';
import { forbidden, unauthenticated } from './errors';
import { receivedBody } from './raw-body';
import { arrivedAt } from './request-arrival';

export interface SignatureCheck {
  secret: string;
  /** This subgraph's own name: a call signed for another subgraph is refused. */
  subgraph: string;
  /** Defaults to CALLER_SIGNATURE_MAX_AGE_SECONDS, else 10 s. */
  maxAgeMs?: number;
}

export function signatureMaxAgeMs(): number {
  const seconds = envInt('CALLER_SIGNATURE_MAX_AGE_SECONDS', DEFAULT_MAX_AGE_MS / 1000);
  if (seconds < 1) throw new Error('Environment variable CALLER_SIGNATURE_MAX_AGE_SECONDS must be at least 1');
  return seconds * 1000;
}

/** The body of a 401 for a call without a valid gateway signature: the reason, as decodeCaller gives it. */
export function rejectedCall(reason: string) {
  return { errors: [{ message: `Rejected: ${reason}.`, extensions: { code: 'UNAUTHENTICATED' } }] };
}

/**
 * Refuses (401 UNAUTHENTICATED) a request whose gateway signature is missing, forged, stale, or
 * made for another subgraph, method, path or body. The signature covers the body, so a body no
 * parser before it consumed (a route without express.json) is read here as raw bytes. The age is
 * taken at arrival (markArrival, the app's first middleware).
 */
export function requireGatewaySignature(check: SignatureCheck): RequestHandler {
  const maxAgeMs = check.maxAgeMs ?? signatureMaxAgeMs();
  const readUnparsedBody = express.raw({ type: () => true, limit: '2mb' });
  const verify: RequestHandler = (req: Request, res, next) => {
    const result = decodeCaller(
      req.headers,
      { subgraph: check.subgraph, method: req.method, path: req.originalUrl, body: receivedBody(req) },
      check.secret,
      { maxAgeMs, now: arrivedAt(req) },
    );
    if (!result.ok) {
      res.status(401).json(rejectedCall(result.reason));
      return;
    }
    res.locals.caller = result.caller;
    next();
  };
  return (req, res, next) => readUnparsedBody(req, res, (error?: unknown) => (error ? next(error) : verify(req, res, next)));
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
