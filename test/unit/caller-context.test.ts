import {
  decodeCaller, encodeCaller, CALL_HEADER, CALLER_HEADER, CLOCK_SKEW_MS, DEFAULT_MAX_AGE_MS,
  type CallerContext, type OutgoingCall, type ReceivedCall,
} from '../../common/caller-context';

const caller: CallerContext = {
  accountId: '3f1c2b0e-8d7a-4c61-9d0e-6a1b2c3d4e5f',
  roles: ['USER'],
  sessionId: null,
  requestId: 'req-12345678',
  client: 'ADDON',
  clientAddress: '10.0.0.1',
  userAgent: 'test',
  issuedAt: 1_000_000,
};

const secret = 'gateway-secret';
const body = JSON.stringify({ query: '{ me { id } }', variables: { note: 'café' } });
const sent: OutgoingCall = { subgraph: 'identity', method: 'POST', url: 'http://127.0.0.1:4001/graphql', body };
/** The same request as the subgraph sees it: its own name, the path, the body's bytes. */
const received: ReceivedCall = { subgraph: 'identity', method: 'POST', path: '/graphql', body: Buffer.from(body) };
const at = (ms: number) => ({ now: caller.issuedAt + ms });

describe('gateway caller signature: the signed caller round-trips', () => {
  const headers = encodeCaller(caller, sent, secret);

  it('returns the caller for the request it was signed for', () => {
    expect(decodeCaller(headers, received, secret, at(500))).toEqual({ ok: true, caller });
  });

  it('names the target, method, path and body hash in the call header', () => {
    expect(headers[CALL_HEADER]).toMatch(/^identity POST \/graphql [0-9a-f]{64}$/);
  });

  it('accepts an empty GET body signed as none', () => {
    const url = 'http://127.0.0.1:4003/internal/accounts/x/export';
    const get = encodeCaller(caller, { subgraph: 'experiments', method: 'GET', url }, secret);
    const result = decodeCaller(get, { subgraph: 'experiments', method: 'GET', path: '/internal/accounts/x/export', body: Buffer.alloc(0) }, secret, at(0));
    expect(result.ok).toBe(true);
  });
});

describe('gateway caller signature: refusals say what is wrong', () => {
  const headers = encodeCaller(caller, sent, secret);
  const refused = (result: ReturnType<typeof decodeCaller>, reason: RegExp) => {
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
  };

  it('refuses missing headers', () => {
    refused(decodeCaller({ [CALLER_HEADER]: headers[CALLER_HEADER] }, received, secret, at(500)), /missing gateway signature/);
  });

  it('refuses a caller header changed after signing (another account id)', () => {
    const forged = Buffer.from(JSON.stringify({ ...caller, accountId: '00000000-0000-0000-0000-000000000000' })).toString('base64url');
    refused(decodeCaller({ ...headers, [CALLER_HEADER]: forged }, received, secret, at(500)), /invalid gateway signature/);
  });

  it('refuses a call header changed after signing (retargeted to another subgraph)', () => {
    const retargeted = headers[CALL_HEADER].replace(/^identity/, 'agreements');
    const result = decodeCaller({ ...headers, [CALL_HEADER]: retargeted }, { ...received, subgraph: 'agreements' }, secret, at(500));
    refused(result, /invalid gateway signature/);
  });

  it('refuses a signature made with another secret', () => {
    refused(decodeCaller(encodeCaller(caller, sent, 'not-the-secret'), received, secret, at(500)), /invalid gateway signature/);
  });

  it('refuses the headers with a tampered body', () => {
    const tampered = Buffer.from(body.replace('me { id }', 'me { id email }'));
    refused(decodeCaller(headers, { ...received, body: tampered }, secret, at(500)), /another request body/);
  });

  it('refuses the headers sent to another subgraph', () => {
    refused(decodeCaller(headers, { ...received, subgraph: 'agreements' }, secret, at(500)), /made for the identity subgraph, sent to agreements/);
  });

  it('refuses a signed GET …/export reused for POST …/erase', () => {
    const exportUrl = 'http://127.0.0.1:4003/internal/accounts/a1/export';
    const exportHeaders = encodeCaller(caller, { subgraph: 'experiments', method: 'GET', url: exportUrl }, secret);
    const erase = { subgraph: 'experiments', method: 'POST', path: '/internal/accounts/a1/erase', body: Buffer.alloc(0) };
    refused(decodeCaller(exportHeaders, erase, secret, at(500)), /made for GET \/internal\/accounts\/a1\/export, used for POST \/internal\/accounts\/a1\/erase/);
  });

  it('refuses the same path with another method, and another query string', () => {
    refused(decodeCaller(headers, { ...received, method: 'GET' }, secret, at(500)), /made for POST \/graphql, used for GET \/graphql/);
    refused(decodeCaller(headers, { ...received, path: '/graphql?query=x' }, secret, at(500)), /used for POST \/graphql\?query=x/);
  });

  it('accepts a signature up to the maximum age, and refuses it after (stale)', () => {
    expect(decodeCaller(headers, received, secret, at(DEFAULT_MAX_AGE_MS)).ok).toBe(true);
    refused(decodeCaller(headers, received, secret, at(DEFAULT_MAX_AGE_MS + 1)), /stale gateway signature: signed 30.0s ago, the limit is 30s/);
  });

  it('takes a configured maximum age', () => {
    refused(decodeCaller(headers, received, secret, { ...at(3_000), maxAgeMs: 2_000 }), /the limit is 2s/);
    expect(decodeCaller(headers, received, secret, { ...at(30_000), maxAgeMs: 60_000 }).ok).toBe(true);
  });

  it('allows small clock skew, and refuses a signature dated further in the future', () => {
    expect(decodeCaller(headers, received, secret, at(-CLOCK_SKEW_MS)).ok).toBe(true);
    refused(decodeCaller(headers, received, secret, at(-CLOCK_SKEW_MS - 1_000)), /dated 3.0s in the future, more than the 2s of clock skew allowed/);
  });
});
