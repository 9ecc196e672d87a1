/**
 * The embedded PostgreSQL listens on a Unix socket in its data directory as well as on 127.0.0.1,
 * and the subgraphs connect through the socket (cheaper per query than loopback TCP); a login there
 * still needs the role's password.
 */
import { Client } from 'pg';
import { SUBGRAPH_NAMES } from '../../common/subgraph-registry';
import { withDatabase } from '../support/database';
import { testPlatform } from '../support/platform';

describe('the subgraphs reach PostgreSQL through its Unix socket', () => {
  it('every connection of a subgraph role is a local socket connection', async () => {
    const connections = await withDatabase('postgres', async (db) =>
      (await db.query<{ role: string; tcp: boolean }>(
        `SELECT usename AS role, client_addr IS NOT NULL AS tcp FROM pg_stat_activity WHERE usename = ANY($1)`,
        [SUBGRAPH_NAMES.map((name) => `beta_${name}`)],
      )).rows);
    // Each subgraph holds at least its catalog listener or a pooled connection by now.
    expect(new Set(connections.map((c) => c.role)).size).toBeGreaterThan(0);
    expect(connections.filter((c) => c.tcp)).toEqual([]);
  });

  it('refuses a login through the socket without the password', async () => {
    const socketDir = await withDatabase('postgres', async (db) => (await db.query<{ dir: string }>(`SELECT current_setting('unix_socket_directories') AS dir`)).rows[0].dir);
    expect(socketDir).not.toBe('');
    const client = new Client({ host: socketDir, port: testPlatform().pgPort, user: 'beta_identity', password: 'not-the-password', database: 'beta_identity' });
    const error = await client.connect().then(() => null, (e: Error) => e);
    await client.end().catch(() => undefined);
    expect(error?.message).toMatch(/password authentication failed/);
  });
});
