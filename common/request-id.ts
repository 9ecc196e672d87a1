/**
 * The request id: taken from the client's x-request-id when it is well-formed, created otherwise,
 * returned on every response and kept in `res.locals.requestId`; from there it is passed on
 * explicitly (the caller context, error tags). Not kept in AsyncLocalStorage: on Node 20 its
 * promise hooks cost every promise of the process.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { REQUEST_ID_HEADER } from './caller-context';

const WELL_FORMED = /^[\w.:-]{8,128}$/;

/** The client's id from the request headers when it is well-formed, else a new one. */
export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const given = headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && WELL_FORMED.test(given) ? given : randomUUID();
}

export function requestIdOf(req: Request): string {
  return requestIdFrom(req.headers);
}

/** First middleware of an app: every response, error pages included, carries the id. */
export function assignRequestId(): RequestHandler {
  return (req, res, next) => {
    const requestId = requestIdOf(req);
    res.locals.requestId = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    next();
  };
}
