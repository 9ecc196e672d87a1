/**
 * The exact bytes of a request body, for the gateway signature (which covers its SHA-256).
 * express.json keeps them through its `verify` hook; a body no JSON parser took is read by
 * express.raw, which leaves the Buffer in req.body.
 */
import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';

const RAW_BODY = Symbol('rawBody');
type WithRawBody = IncomingMessage & { [RAW_BODY]?: Buffer };

/** express.json({ verify: keepRawBody }): keeps the bytes the JSON was parsed from. */
export function keepRawBody(req: IncomingMessage, _res: unknown, buffer: Buffer): void {
  (req as WithRawBody)[RAW_BODY] = buffer;
}

const EMPTY = Buffer.alloc(0);

/** The bytes of the body as received: kept by express.json, read by express.raw, or none. */
export function receivedBody(req: Request): Buffer {
  return (req as WithRawBody)[RAW_BODY] ?? (Buffer.isBuffer(req.body) ? req.body : EMPTY);
}
