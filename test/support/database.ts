/** Superuser SQL access to the test platform's databases, for checks a client cannot make. */
import { Client } from 'pg';
import { testPlatform } from './platform';

export function superuserUrl(database: string): string {
  const p = testPlatform();
  return `postgres://postgres:${encodeURIComponent(p.postgresPassword)}@127.0.0.1:${p.pgPort}/${database}`;
}

export async function withDatabase<T>(database: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: superuserUrl(database) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
