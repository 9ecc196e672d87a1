/**
 * The exact bytes of a request body, for the gateway signature (which covers its SHA-256), where
 * the signature is checked after the body was read: express.raw leaves the Buffer in req.body (the
 * express routes), and a request with no body read has none. The /graphql endpoint checks the
 * signature on the bytes inside its JSON parser's verify hook instead (graphql-endpoint.ts).
 */
import type { IncomingMessage } from 'node:http';

const EMPTY = Buffer.alloc(0);

/** The bytes of the body as received: read by express.raw, or none. */
export function receivedBody(req: IncomingMessage & { body?: unknown }): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : EMPTY;
}
