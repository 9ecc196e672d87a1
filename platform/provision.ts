/**
 * One database and one login role per subgraph. A role owns only its own database and PUBLIC may
 * not connect to any of them, so a subgraph cannot reach another subgraph's data.
 */
import { Client } from 'pg';
import { SUBGRAPH_NAMES, SUBGRAPHS, type SubgraphName } from '../common/subgraph-registry';

/** The database of a subgraph, and its login role of the same name (common/subgraph-registry.ts). */
export const databaseName = (subgraph: SubgraphName): string => SUBGRAPHS[subgraph].database;

/**
 * Creates or updates each subgraph's role and database; returns their connection URLs, through the
 * server's Unix socket when it has one (`?host=<folder>`), else over TCP to 127.0.0.1.
 */
export async function provisionDatabases(superuserUrl: string, port: number, passwords: Record<SubgraphName, string>, socketDir: string | null = null): Promise<Record<SubgraphName, string>> {
  const client = new Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const urls = {} as Record<SubgraphName, string>;
    for (const subgraph of SUBGRAPH_NAMES) {
      const name = databaseName(subgraph);
      const role = client.escapeIdentifier(name);
      const password = client.escapeLiteral(passwords[subgraph]);
      const { rowCount: roleExists } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
      await client.query(roleExists ? `ALTER ROLE ${role} WITH LOGIN PASSWORD ${password}` : `CREATE ROLE ${role} WITH LOGIN PASSWORD ${password}`);
      const { rowCount: dbExists } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!dbExists) await client.query(`CREATE DATABASE ${role} OWNER ${role}`);
      await client.query(`REVOKE ALL ON DATABASE ${role} FROM PUBLIC`);
      const viaSocket = socketDir ? `?host=${encodeURIComponent(socketDir)}` : '';
      urls[subgraph] = `postgres://${name}:${encodeURIComponent(passwords[subgraph])}@127.0.0.1:${port}/${name}${viaSocket}`;
    }
    return urls;
  } finally {
    await client.end();
  }
}
