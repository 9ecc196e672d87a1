import type { HeaderMap } from '@apollo/server';
import {
  persistedQueryNotAllowed, queryTooComplex, rateLimited, shownCount, tokenUncheckable, tooManyTokens, unauthenticated,
} from '../../gateway/errors';

type Http = { status: number; headers?: HeaderMap };
const http = (e: { extensions: Record<string, unknown> }) => e.extensions.http as Http | undefined;

describe('gateway errors (one module for every refusal the gateway makes)', () => {
  it('give each refusal its code and HTTP status', () => {
    expect([unauthenticated('x'), tokenUncheckable('x'), rateLimited('x', 7), persistedQueryNotAllowed()].map((e) => [e.extensions.code, http(e)?.status])).toEqual([
      ['UNAUTHENTICATED', 401],
      ['SERVICE_UNAVAILABLE', 503],
      ['RATE_LIMITED', 429],
      ['PERSISTED_QUERY_NOT_ALLOWED', 400],
    ]);
  });

  it('send Retry-After with the same number of seconds as extensions.retryAfterSeconds, and only then', () => {
    for (const [error, seconds] of [[rateLimited('wait', 42), 42], [tokenUncheckable('wait'), 5]] as const) {
      expect(error.extensions.retryAfterSeconds).toBe(seconds);
      expect(http(error)?.headers?.get('retry-after')).toBe(String(seconds));
    }
    expect(http(unauthenticated('x'))?.headers).toBeUndefined();
    expect(unauthenticated('x').extensions).not.toHaveProperty('retryAfterSeconds');
  });

  it('carry the limit, the measured value and the maximum on QUERY_TOO_COMPLEX', () => {
    expect(queryTooComplex('depth', 'too deep', 13, 12).extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'depth', max: 12, actual: 13 });
    expect(tooManyTokens(2000)).toMatchObject({
      message: 'The document has more than 2000 tokens; the limit is 2000. Send a smaller document: fewer fields, aliases, arguments or fragments.',
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'tokens', max: 2000, actual: 2001 },
    });
    expect(shownCount(2 ** 60)).toBe(`more than ${Number.MAX_SAFE_INTEGER}`);
    expect(shownCount(20.2)).toBe('21');
  });
});
