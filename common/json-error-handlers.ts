/**
 * The last two handlers of every express app (gateway and subgraphs): unknown paths and errors
 * that reach express (body parsing, a route that threw) answer JSON with a code instead of
 * express's default HTML page, which shows the stack trace and the server's file paths.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from './logger';
import { notFoundRefusal, transportRefusal } from './transport-errors';

export function jsonNotFound(hint: string): RequestHandler {
  return (req, res) => {
    res.status(404).json(notFoundRefusal(req.method, req.path, hint));
  };
}

export function jsonErrorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    // Once the answer has started, only express can end it (it closes the connection).
    if (res.headersSent) return next(error);
    const requestId = (res.locals.requestId as string | undefined) ?? 'unknown';
    const refusal = transportRefusal(error, requestId);
    const fields = { requestId, method: req.method, path: req.path, status: refusal.status };
    if (refusal.internal) log.error('request failed', { ...fields, error });
    else log.info('request refused', { ...fields, reason: (error as { type?: string })?.type ?? (error as Error)?.message });
    res.status(refusal.status).json(refusal.body);
  };
}
