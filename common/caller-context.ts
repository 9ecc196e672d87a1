/**
 * The wire contract between the gateway and the subgraphs: who is calling, signed by the gateway.
 * The gateway verifies the access token once; subgraphs trust only this signed header, never a
 * client-supplied account id. HMAC-SHA256 over the encoded payload, with a timestamp so a captured
 * header cannot be replayed for long.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CALLER_HEADER = 'x-beta-caller';
export const SIGNATURE_HEADER = 'x-beta-signature';
export const REQUEST_ID_HEADER = 'x-request-id';
export const DEFAULT_MAX_AGE_MS = 60_000;

export type ClientKind = 'PORTAL' | 'ADDON' | 'OTHER';

export interface CallerContext {
  accountId: string | null;
  roles: string[];
  sessionId: string | null;
  requestId: string;
  client: ClientKind;
  /** Address of the end user's client as the gateway saw it (used for throttling and hashed for consent records). */
  clientAddress: string | null;
  userAgent: string | null;
  /** Milliseconds since the epoch when the gateway signed this context. */
  issuedAt: number;
}

function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function encodeCaller(caller: CallerContext, secret: string): Record<string, string> {
  const payload = Buffer.from(JSON.stringify(caller)).toString('base64url');
  return { [CALLER_HEADER]: payload, [SIGNATURE_HEADER]: sign(payload, secret) };
}

export type DecodeResult = { ok: true; caller: CallerContext } | { ok: false; reason: string };

export function decodeCaller(
  payload: string | undefined,
  signature: string | undefined,
  secret: string,
  now: number = Date.now(),
  maxAgeMs: number = DEFAULT_MAX_AGE_MS,
): DecodeResult {
  if (!payload || !signature) return { ok: false, reason: 'missing gateway signature: call this service through the gateway' };
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'invalid gateway signature: the caller header was not signed with this deployment\'s gateway secret' };
  }
  let caller: CallerContext;
  try {
    caller = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CallerContext;
  } catch {
    return { ok: false, reason: 'malformed caller header' };
  }
  if (typeof caller.issuedAt !== 'number' || Math.abs(now - caller.issuedAt) > maxAgeMs) {
    return { ok: false, reason: `stale gateway signature: signed more than ${Math.round(maxAgeMs / 1000)}s ago (check clocks)` };
  }
  if (!Array.isArray(caller.roles)) return { ok: false, reason: 'malformed caller header: roles missing' };
  return { ok: true, caller };
}

/**
 * Role of service-to-service calls (identity's account deletion and export fan-out). Never
 * granted to an account; the gateway drops it from any token.
 */
export const SYSTEM_ROLE = 'SYSTEM';
