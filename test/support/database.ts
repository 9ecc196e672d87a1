/** Superuser SQL access to the test platform's databases, for checks a client cannot make. */
import { Client } from 'pg';
import { testPlatform, type TestPlatform } from './platform';

export function superuserUrl(database: string, p: TestPlatform = testPlatform()): string {
  return `postgres://postgres:${encodeURIComponent(p.postgresPassword)}@127.0.0.1:${p.pgPort}/${database}`;
}

export async function withDatabase<T>(database: string, fn: (client: Client) => Promise<T>, platform?: TestPlatform): Promise<T> {
  const client = new Client({ connectionString: superuserUrl(database, platform) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
