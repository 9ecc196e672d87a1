import { databaseUnavailable } from '../../subgraphs/kit/errors';

/** Which database failures a subgraph answers as SERVICE_UNAVAILABLE (retry) rather than INTERNAL_SERVER_ERROR. */
describe('databaseUnavailable', () => {
  const failure = (fields: Record<string, string>) => Object.assign(new Error(fields.message ?? 'failed'), fields);

  it('counts a refused TCP connection, a missing Unix socket and PostgreSQL shutting down', () => {
    expect(databaseUnavailable(failure({ code: 'ECONNREFUSED', syscall: 'connect' }))).toBe(true);
    expect(databaseUnavailable(failure({ code: 'ENOENT', syscall: 'connect', message: 'connect ENOENT /data/.s.PGSQL.54329' }))).toBe(true);
    expect(databaseUnavailable(failure({ code: '57P01', message: 'terminating connection due to administrator command' }))).toBe(true);
    expect(databaseUnavailable(failure({ message: 'Connection terminated unexpectedly' }))).toBe(true);
  });

  it('does not count a missing file or a failed statement', () => {
    expect(databaseUnavailable(failure({ code: 'ENOENT', syscall: 'open' }))).toBe(false);
    expect(databaseUnavailable(failure({ code: '23505', message: 'duplicate key value violates unique constraint' }))).toBe(false);
    expect(databaseUnavailable(new Error('something else'))).toBe(false);
  });
});
