import { Writable } from 'node:stream';
import { childLogger, createLogger, REDACTED } from '../../common/logger';
import { BoundedLabel, OTHER } from '../../common/bounded-label';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('log lines', () => {
  it('are JSON with time, level name, service and message, and the fields of the event', () => {
    const { lines, stream } = capture();
    createLogger('identity', 'info', stream).info('account created', { accountId: 'a-1', durationMs: 12 });
    expect(lines).toEqual([{ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), level: 'info', service: 'identity', msg: 'account created', accountId: 'a-1', durationMs: 12 }]);
  });

  it('never carry tokens, passwords, emails or the Authorization header, wherever they sit', () => {
    const { lines, stream } = capture();
    createLogger('gateway', 'info', stream).warn('odd request', {
      password: 'hunter2', email: 'ann@example.org', accessToken: 'eyJ…', input: { password: 'p', email: 'e@x' },
      headers: { authorization: 'Bearer eyJ…' }, request: { body: { refreshToken: 'r' } },
    });
    const text = JSON.stringify(lines);
    for (const secret of ['hunter2', 'ann@example.org', 'eyJ', '"p"', 'e@x', '"r"']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ password: REDACTED, email: REDACTED, input: { password: REDACTED }, headers: { authorization: REDACTED } });
  });

  it('serialise errors with name, message and stack, and respect the level', () => {
    const { lines, stream } = capture();
    const log = createLogger('feedback', 'warn', stream);
    log.info('not shown');
    log.error('failed', { error: new TypeError('boom') });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', error: { type: 'TypeError', message: 'boom', stack: expect.stringContaining('TypeError: boom') } });
  });

  it('carry a child logger\'s fields on every line', () => {
    const { lines, stream } = capture();
    const log = childLogger(createLogger('agreements', 'debug', stream), { requestId: 'req-7' });
    log.debug('one');
    log.info('two', { extra: true });
    expect(lines.map((l) => [l.msg, l.requestId])).toEqual([['one', 'req-7'], ['two', 'req-7']]);
  });
});

describe('metric labels from client-chosen names', () => {
  it('pass known names, a bounded number of others, and report the rest as "other"', () => {
    const label = new BoundedLabel(['Bootstrap', 'SignIn'], 2);
    expect(['Bootstrap', 'SignIn', 'A', 'B', 'C', 'A', 'drop table;', undefined].map((n) => label.of(n))).toEqual(['Bootstrap', 'SignIn', 'A', 'B', OTHER, 'A', OTHER, 'anonymous']);
  });
});
