/**
 * When a request reached this process. A gateway signature's age is measured at arrival, not once
 * the body is read and the check runs: a replay arrives when it is sent, while a busy subgraph
 * may take a while to get to a genuine call that is already here.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';

const ARRIVED_AT = Symbol('arrivedAt');
type WithArrival = IncomingMessage & { [ARRIVED_AT]?: number };

/** First middleware of the app. */
export const markArrival: RequestHandler = (req, _res, next) => {
  (req as WithArrival)[ARRIVED_AT] = Date.now();
  next();
};

export function arrivedAt(req: IncomingMessage): number {
  return (req as WithArrival)[ARRIVED_AT] ?? Date.now();
}
