import { notFoundRefusal, transportRefusal } from '../../common/transport-errors';

/** body-parser's errors carry status and type (http-errors); the message and stack are never used. */
const bodyParserError = (status: number, type: string, more: Record<string, unknown> = {}) =>
  Object.assign(new Error(`at parse (/srv/app/node_modules/body-parser/lib/read.js:1:1) ${type}`), { status, statusCode: status, type, expose: true, ...more });

describe('transportRefusal', () => {
  it.each([
    ['entity.parse.failed', 400, {}, /not valid JSON/],
    ['entity.too.large', 413, { limit: 1048576 }, /too large: the limit is 1048576 bytes/],
    ['charset.unsupported', 415, { charset: 'latin2' }, /charset "latin2" is not supported.*UTF-8/],
    ['encoding.unsupported', 415, { encoding: 'br-nonsense' }, /content-encoding "br-nonsense" is not supported/],
    ['request.aborted', 400, {}, /ended before it was complete/],
  ])('%s → HTTP %i, BAD_REQUEST, a message saying what to change', (type, status, more, message) => {
    const refusal = transportRefusal(bodyParserError(status, type, more), 'req-1');
    expect(refusal).toEqual({ status, internal: false, body: { errors: [{ message: expect.stringMatching(message), extensions: { code: 'BAD_REQUEST' } }] } });
    expect(JSON.stringify(refusal)).not.toMatch(/node_modules|\/srv\//);
  });

  it('echoes only a tame version of what the client sent in a header', () => {
    const refusal = transportRefusal(bodyParserError(415, 'charset.unsupported', { charset: '<script>alert(1)</script>' + 'x'.repeat(100) }), 'req-1');
    const echoed = /charset "([^"]*)"/.exec(refusal.body.errors[0].message)![1];
    expect(echoed).toBe('scriptalert1scriptxxxxxxxxxxxxxxxxxxxxxx');
  });

  it('another 4xx error keeps its status with a generic message, never the exception text', () => {
    const zlib = Object.assign(new Error('incorrect header check at /srv/app/x.js'), { status: 400 });
    expect(transportRefusal(zlib, 'req-1')).toEqual({
      status: 400,
      internal: false,
      body: { errors: [{ message: 'The request could not be read (HTTP 400 Bad Request). Check its body, content-type and content-encoding.', extensions: { code: 'BAD_REQUEST' } }] },
    });
  });

  it.each([
    ['a plain exception', new Error('connect ECONNREFUSED 127.0.0.1:5432')],
    ['a 5xx http error', Object.assign(new Error('stream is not readable'), { status: 500, type: 'stream.not.readable' })],
    ['not even an Error', 'boom'],
    ['undefined', undefined],
  ])('%s → 500 INTERNAL_SERVER_ERROR naming the request id', (_name, error) => {
    const refusal = transportRefusal(error, 'req-42');
    expect(refusal).toEqual({
      status: 500,
      internal: true,
      body: { errors: [{ message: 'Internal error: the request failed on our side. Retry later; if it persists, report it with the request id req-42.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] },
    });
  });
});

describe('notFoundRefusal', () => {
  it('names the method and path and where the API is, code NOT_FOUND', () => {
    expect(notFoundRefusal('GET', '/admin', 'Use POST /graphql.')).toEqual({
      errors: [{ message: 'Nothing is served at GET /admin. Use POST /graphql.', extensions: { code: 'NOT_FOUND' } }],
    });
  });

  it('keeps a long path short', () => {
    expect(notFoundRefusal('GET', `/${'a'.repeat(5000)}`, '').errors[0].message.length).toBeLessThan(260);
  });
});
