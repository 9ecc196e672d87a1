import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { clientError, isUnreachable } from '../../gateway/client-errors';

const INTERNAL = 'Internal error: the request failed on our side. Retry later; if it persists, report it with the request id r-1.';
const UNAVAILABLE = 'A service this request needs is not answering right now. Retry in a moment; if it persists, report it with the request id r-1.';

/** What Apollo Gateway produces for a non-2xx subgraph answer (RemoteGraphQLDataSource.errorFromResponse). */
function nonOk(status: number, body: unknown, code = 'INTERNAL_SERVER_ERROR'): GraphQLFormattedError {
  return {
    message: `${status}: Bad Request`,
    extensions: { code, response: { url: 'http://127.0.0.1:4004/graphql', status, statusText: 'x', body }, serviceName: 'feedback' },
  };
}

describe('clientError', () => {
  it('a coded subgraph error keeps message, path, code and details; serviceName is dropped, and not worth a log line', () => {
    const formatted = { message: 'Bad email.', path: ['signUp'], extensions: { code: 'BAD_USER_INPUT', field: 'email', serviceName: 'identity' } };
    expect(clientError(formatted, undefined, 'r-1')).toEqual({
      error: { message: 'Bad email.', path: ['signUp'], extensions: { code: 'BAD_USER_INPUT', field: 'email' } },
    });
  });

  it('an error with nothing to withhold is passed on as it is (QUERY_TOO_COMPLEX with its numbers)', () => {
    const formatted = { message: 'Too deep.', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth', actual: 16, max: 12 } };
    expect(clientError(formatted, undefined, 'r-1')).toEqual({ error: formatted });
  });

  it('from a non-2xx answer, the subgraph\'s own coded error is what the client gets', () => {
    const body = { errors: [{ message: 'rating must be 1 to 5.', extensions: { code: 'BAD_USER_INPUT', field: 'rating', stacktrace: ['at x'] } }] };
    const { error, withheld } = clientError(nonOk(400, body), undefined, 'r-1');
    expect(error).toEqual({ message: 'rating must be 1 to 5.', extensions: { code: 'BAD_USER_INPUT', field: 'rating' } });
    expect(withheld).toMatchObject({ response: { status: 400 } });
  });

  it.each([
    ['a 500 with an HTML stack', nonOk(500, '<pre>at x (/srv/node_modules/a.js:1:1)</pre>')],
    ['a 500 whose body has coded errors (ours to fix, not the client\'s)', nonOk(500, { errors: [{ message: 'db down', extensions: { code: 'BAD_USER_INPUT' } }] })],
    ['a 401: the subgraph refused the gateway\'s signature', nonOk(401, { errors: [{ message: 'Rejected: invalid gateway signature.', extensions: { code: 'UNAUTHENTICATED' } }] }, 'UNAUTHENTICATED')],
    ['a 400 without a coded error', nonOk(400, { errors: [{ message: 'x' }] })],
    ['a 400 whose only code is INTERNAL_SERVER_ERROR', nonOk(400, { errors: [{ message: 'x', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] })],
  ])('%s → INTERNAL_SERVER_ERROR with the request id; the original is withheld for the log', (_name, formatted) => {
    const { error, withheld } = clientError(formatted, undefined, 'r-1');
    expect(error).toEqual({ message: INTERNAL, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(withheld).toMatchObject({ message: formatted.message, response: expect.anything() });
  });

  it.each([502, 503, 504])('a %i from a subgraph → SERVICE_UNAVAILABLE', (status) => {
    expect(clientError(nonOk(status, 'upstream 10.0.0.1'), undefined, 'r-1').error).toEqual({ message: UNAVAILABLE, extensions: { code: 'SERVICE_UNAVAILABLE' } });
  });

  it('an uncoded or internal error gets the generic message; path and locations stay', () => {
    const formatted = { message: 'Cannot read properties of undefined', path: ['me', 'email'], locations: [{ line: 1, column: 3 }], extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    expect(clientError(formatted, new TypeError('x'), 'r-1').error).toEqual({ message: INTERNAL, path: ['me', 'email'], locations: [{ line: 1, column: 3 }], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(clientError({ message: 'subquery failed', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'x' } }, undefined, 'r-1').error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it('a fetch that got no answer (connection refused) → SERVICE_UNAVAILABLE, the socket error withheld', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4004'), { code: 'ECONNREFUSED' }) });
    const { error, withheld } = clientError({ message: 'fetch failed', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, refused, 'r-1');
    expect(error).toEqual({ message: UNAVAILABLE, extensions: { code: 'SERVICE_UNAVAILABLE' } });
    expect(JSON.stringify(withheld)).toContain('ECONNREFUSED 127.0.0.1:4004');
  });

  it('SERVICE_UNAVAILABLE given by someone else (a breaker) passes with its message', () => {
    const formatted = { message: 'feedback is resting; retry in 5 s.', extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 } };
    expect(clientError(formatted, undefined, 'r-1').error).toEqual(formatted);
  });
});

describe('isUnreachable', () => {
  it('recognises socket errors and timeouts through GraphQLError.originalError and Error.cause', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(isUnreachable(new GraphQLError('x', { originalError: new TypeError('fetch failed', { cause: reset }) }))).toBe(true);
    expect(isUnreachable(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }))).toBe(true);
    expect(isUnreachable(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isUnreachable(undefined)).toBe(false);
  });
});
