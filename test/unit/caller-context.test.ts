import { decodeCaller, encodeCaller, CALLER_HEADER, SIGNATURE_HEADER, type CallerContext } from '../../common/caller-context';

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

describe('gateway caller signature', () => {
  const secret = 'gateway-secret';
  const headers = encodeCaller(caller, secret);

  it('round-trips a signed caller', () => {
    const result = decodeCaller(headers[CALLER_HEADER], headers[SIGNATURE_HEADER], secret, 1_000_500);
    expect(result).toEqual({ ok: true, caller });
  });

  it('refuses a missing signature', () => {
    expect(decodeCaller(headers[CALLER_HEADER], undefined, secret, 1_000_500)).toMatchObject({ ok: false, reason: expect.stringMatching(/missing/) });
  });

  it('refuses a caller header changed after signing (another account id)', () => {
    const forged = Buffer.from(JSON.stringify({ ...caller, accountId: '00000000-0000-0000-0000-000000000000' })).toString('base64url');
    expect(decodeCaller(forged, headers[SIGNATURE_HEADER], secret, 1_000_500)).toMatchObject({ ok: false, reason: expect.stringMatching(/invalid/) });
  });

  it('refuses a signature made with another secret', () => {
    const other = encodeCaller(caller, 'not-the-secret');
    expect(decodeCaller(other[CALLER_HEADER], other[SIGNATURE_HEADER], secret, 1_000_500)).toMatchObject({ ok: false });
  });

  it('refuses a stale signature (replay after the window)', () => {
    expect(decodeCaller(headers[CALLER_HEADER], headers[SIGNATURE_HEADER], secret, 1_000_000 + 61_000)).toMatchObject({ ok: false, reason: expect.stringMatching(/stale/) });
  });
});
