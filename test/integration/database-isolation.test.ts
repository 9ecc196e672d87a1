import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../common/subgraph-registry';
import { testPlatform } from '../support/platform';

const databasePasswords = (): Record<SubgraphName, string> =>
  (JSON.parse(readFileSync(join(testPlatform().dataDir, 'secrets.json'), 'utf8')) as { databasePasswords: Record<SubgraphName, string> })
    .databasePasswords;

/** Connects as the subgraph's own login role (beta_<name>) to the given database. */
async function connectAs(subgraph: SubgraphName, database: string): Promise<Client> {
  const role = `beta_${subgraph}`;
  const client = new Client({
    connectionString: `postgres://${role}:${encodeURIComponent(databasePasswords()[subgraph])}@127.0.0.1:${testPlatform().pgPort}/${database}`,
  });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}

const pairs = SUBGRAPH_NAMES.flatMap((own) => SUBGRAPH_NAMES.filter((other) => other !== own).map((other) => [own, other] as const));

describe('each subgraph role reaches only its own database', () => {
  it.each(SUBGRAPH_NAMES.map((name) => [name]))('beta_%s connects to its own database and reads its beta stamp', async (subgraph) => {
    const client = await connectAs(subgraph, `beta_${subgraph}`);
    try {
      const { rows } = await client.query('SELECT current_user AS role, environment, subgraph FROM beta_environment');
      expect(rows).toEqual([{ role: `beta_${subgraph}`, environment: 'beta', subgraph }]);
    } finally {
      await client.end();
    }
  });

  it.each(pairs)('beta_%s is refused on the %s database', async (own, other) => {
    const error = await connectAs(own, `beta_${other}`).then(
      async (client) => {
        await client.end();
        return null;
      },
      (e: unknown) => e as { code?: string; message: string },
    );
    expect(error).not.toBeNull();
    expect(error!.code === '42501' || /permission denied for database/.test(error!.message)).toBe(true);
  });
});
