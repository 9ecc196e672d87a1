/** Builds the caller context of one incoming request: client kind and address, verified token (the request id comes from common/request-id.ts). */
import type { Request } from 'express';
import { SYSTEM_ROLE, type CallerContext, type ClientKind } from '../common/caller-context';
import { unauthenticated } from './errors';
import type { VerifiedCaller } from './token-verifier';

export function clientKindOf(req: Request): ClientKind {
  const raw = (req.header('x-beta-client') ?? req.header('apollographql-client-name') ?? '').toLowerCase();
  if (raw.includes('portal')) return 'PORTAL';
  if (raw.includes('addon') || raw.includes('add-on')) return 'ADDON';
  return 'OTHER';
}

/**
 * Throws what the verifier throws: UNAUTHENTICATED (401) for a bad token, SERVICE_UNAVAILABLE (503)
 * when it could not be checked; either fails the whole request.
 */
export async function callerOf(req: Request, requestId: string, verify: (token: string) => Promise<VerifiedCaller>): Promise<CallerContext> {
  const authorization = req.header('authorization');
  let verified: VerifiedCaller | null = null;
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <access token>".');
    verified = await verify(match[1]);
  }
  return {
    accountId: verified?.accountId ?? null,
    sessionId: verified?.sessionId ?? null,
    // SYSTEM is for service-to-service calls only; no token may carry it.
    roles: (verified?.roles ?? []).filter((r) => r !== SYSTEM_ROLE),
    requestId,
    client: clientKindOf(req),
    clientAddress: req.ip ?? null,
    userAgent: req.header('user-agent')?.slice(0, 512) ?? null,
    issuedAt: Date.now(),
  };
}
