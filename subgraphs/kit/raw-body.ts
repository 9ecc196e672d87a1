/**
 * The exact bytes of a request body, for the gateway signature (which covers its SHA-256).
 * The JSON parser keeps them through its `verify` hook (graphql-endpoint.ts); a body no JSON parser
 * took is read by express.raw, which leaves the Buffer in req.body.
 */
import type { IncomingMessage } from 'node:http';

const RAW_BODY = Symbol('rawBody');
type WithRawBody = IncomingMessage & { [RAW_BODY]?: Buffer };

/** bodyParser.json({ verify: keepRawBody }): keeps the bytes the JSON was parsed from. */
export function keepRawBody(req: IncomingMessage, _res: unknown, buffer: Buffer): void {
  (req as WithRawBody)[RAW_BODY] = buffer;
}

const EMPTY = Buffer.alloc(0);

/** The bytes of the body as received: kept by the JSON parser, read by express.raw, or none. */
export function receivedBody(req: IncomingMessage & { body?: unknown }): Buffer {
  return (req as WithRawBody)[RAW_BODY] ?? (Buffer.isBuffer(req.body) ? req.body : EMPTY);
}
