/**
 * The wire contract between the gateway and the subgraphs: who is calling, signed by the gateway
 * for ONE request. The gateway verifies the access token once; subgraphs trust only these signed
 * headers, never a client-supplied account id. The signature binds the caller to the target
 * subgraph, the HTTP method and path and the SHA-256 of the exact body bytes, and it expires after
 * a few seconds, so a captured set of headers can only repeat the very same call, briefly.
 *
 *   x-beta-caller     base64url(JSON of CallerContext)
 *   x-beta-call       "<subgraph> <METHOD> <path?query> <sha256 hex of the body>"
 *   x-beta-signature  base64url(HMAC-SHA256(secret, JSON.stringify(["beta-call/2", x-beta-call, x-beta-caller])))
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const CALLER_HEADER = 'x-beta-caller';
export const CALL_HEADER = 'x-beta-call';
export const SIGNATURE_HEADER = 'x-beta-signature';
export const REQUEST_ID_HEADER = 'x-request-id';
/** How long a signature is accepted (CALLER_SIGNATURE_MAX_AGE_SECONDS overrides it in the subgraphs). */
/**
 * How long a signature stays good. At least the gateway's longest deadline (mutations, 15 s) plus
 * slack: a subgraph too busy to pick a genuine call up sooner must not refuse it as a replay while
 * the gateway still waits for it.
 */
export const DEFAULT_MAX_AGE_MS = 30_000;
/** How far in the future a signature may be dated: the subgraph's clock may be a little behind the signer's. */
export const CLOCK_SKEW_MS = 2_000;
const VERSION = 'beta-call/2';

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

/** The request a signature is made for, as the signer sends it. */
export interface OutgoingCall {
  /** Name of the subgraph the request goes to (identity, agreements, …). */
  subgraph: string;
  method: string;
  url: string | URL;
  /** The exact bytes sent (a string is sent as UTF-8); none for GET. */
  body?: string | Uint8Array | null;
}

/** The request a signature arrived with, as the subgraph received it. */
export interface ReceivedCall {
  /** The receiving subgraph's own name. */
  subgraph: string;
  method: string;
  /** Path and query string as received (express: req.originalUrl). */
  path: string;
  body: Uint8Array;
}

const sha256Hex = (body: string | Uint8Array | null | undefined) => createHash('sha256').update(body ?? '').digest('hex');

function callLine(subgraph: string, method: string, path: string, bodySha256: string): string {
  return `${subgraph} ${method.toUpperCase()} ${path} ${bodySha256}`;
}

function hmac(call: string, caller: string, secret: string): string {
  return createHmac('sha256', secret).update(JSON.stringify([VERSION, call, caller])).digest('base64url');
}

/** The caller header alone; `signCall` adds what binds it to one request. */
export function encodeCallerHeader(caller: CallerContext): string {
  return Buffer.from(JSON.stringify(caller)).toString('base64url');
}

/** The call and signature headers for an already encoded caller header and the request about to be sent. */
export function signCall(callerHeader: string, call: OutgoingCall, secret: string): Record<string, string> {
  const url = typeof call.url === 'string' ? new URL(call.url) : call.url;
  const line = callLine(call.subgraph, call.method, `${url.pathname}${url.search}`, sha256Hex(call.body));
  return { [CALL_HEADER]: line, [SIGNATURE_HEADER]: hmac(line, callerHeader, secret) };
}

/** All three headers for one request: sign right before sending (the signature expires within seconds). */
export function encodeCaller(caller: CallerContext, call: OutgoingCall, secret: string): Record<string, string> {
  const callerHeader = encodeCallerHeader(caller);
  return { [CALLER_HEADER]: callerHeader, ...signCall(callerHeader, call, secret) };
}

export type DecodeResult = { ok: true; caller: CallerContext } | { ok: false; reason: string };

export interface DecodeOptions {
  now?: number;
  maxAgeMs?: number;
  clockSkewMs?: number;
}

type HeaderBag = Record<string, string | string[] | undefined>;
const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

const MISSING = `missing gateway signature (${CALLER_HEADER}, ${CALL_HEADER}, ${SIGNATURE_HEADER}): call this service through the gateway`;

/** The cheap part of decoding, before any body is read: are the three headers there at all? */
export function signatureHeadersMissing(headers: HeaderBag): string | null {
  return single(headers[CALLER_HEADER]) && single(headers[CALL_HEADER]) && single(headers[SIGNATURE_HEADER]) ? null : MISSING;
}

export function decodeCaller(headers: HeaderBag, received: ReceivedCall, secret: string, options: DecodeOptions = {}): DecodeResult {
  const { now = Date.now(), maxAgeMs = DEFAULT_MAX_AGE_MS, clockSkewMs = CLOCK_SKEW_MS } = options;
  const payload = single(headers[CALLER_HEADER]);
  const call = single(headers[CALL_HEADER]);
  const signature = single(headers[SIGNATURE_HEADER]);
  if (!payload || !call || !signature) return { ok: false, reason: MISSING };
  const expected = Buffer.from(hmac(call, payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'invalid gateway signature: the caller and call headers were changed, or not signed with this deployment\'s gateway secret' };
  }
  // Signed, so the call line is the signer's own: compare it with the request that arrived.
  const [subgraph, method, path, bodySha256, ...rest] = call.split(' ');
  if (!bodySha256 || rest.length > 0) return { ok: false, reason: `malformed ${CALL_HEADER} header: expected "<subgraph> <METHOD> <path> <body sha256>"` };
  if (subgraph !== received.subgraph) {
    return { ok: false, reason: `gateway signature made for the ${subgraph} subgraph, sent to ${received.subgraph}: sign each call for the subgraph it goes to` };
  }
  if (method !== received.method.toUpperCase() || path !== received.path) {
    return { ok: false, reason: `gateway signature made for ${method} ${path}, used for ${received.method.toUpperCase()} ${received.path}: sign each call for its own method and path` };
  }
  if (bodySha256 !== sha256Hex(received.body)) {
    return { ok: false, reason: 'gateway signature made for another request body: sign the exact body bytes that are sent' };
  }
  let caller: CallerContext;
  try {
    caller = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CallerContext;
  } catch {
    return { ok: false, reason: 'malformed caller header' };
  }
  if (typeof caller.issuedAt !== 'number') return { ok: false, reason: 'malformed caller header: issuedAt missing' };
  const age = now - caller.issuedAt;
  if (age > maxAgeMs) {
    return { ok: false, reason: `stale gateway signature: signed ${(age / 1000).toFixed(1)}s ago, the limit is ${maxAgeMs / 1000}s (a replayed call, or clocks apart)` };
  }
  if (-age > clockSkewMs) {
    return { ok: false, reason: `gateway signature dated ${(-age / 1000).toFixed(1)}s in the future, more than the ${clockSkewMs / 1000}s of clock skew allowed: check the clocks` };
  }
  if (!Array.isArray(caller.roles)) return { ok: false, reason: 'malformed caller header: roles missing' };
  return { ok: true, caller };
}

/**
 * Role of service-to-service calls (identity's account deletion and export fan-out). Never
 * granted to an account; the gateway drops it from any token.
 */
export const SYSTEM_ROLE = 'SYSTEM';
