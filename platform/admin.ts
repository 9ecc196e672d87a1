/**
 * `npm run admin -- <command>`: operations tasks against the identity database.
 *   grant-role EMAIL ROLE | revoke-role EMAIL ROLE | rotate-signing-key
 * Uses IDENTITY_DATABASE_URL, or the local platform's database (DATA_DIR, PG_PORT) while `npm start` runs.
 */
import { resolve } from 'node:path';
import { envInt, envString } from '../common/env';
import { Database } from '../subgraphs/kit/database';
import { DomainError } from '../subgraphs/kit/errors';
import { grantRole, revokeRole } from '../subgraphs/identity/roles';
import { rotateSigningKey } from '../subgraphs/identity/signing-keys';
import { loadOrCreateSecrets } from './secrets';
import { databaseName } from './provision';

const USAGE = `Usage: npm run admin -- grant-role EMAIL ROLE
       npm run admin -- revoke-role EMAIL ROLE
       npm run admin -- rotate-signing-key`;

function identityDatabaseUrl(): string {
  if (process.env.IDENTITY_DATABASE_URL) return process.env.IDENTITY_DATABASE_URL;
  const secrets = loadOrCreateSecrets(resolve(envString('DATA_DIR', '.data')));
  const name = databaseName('identity');
  return `postgres://${name}:${encodeURIComponent(secrets.databasePasswords.identity)}@127.0.0.1:${envInt('PG_PORT', 54329)}/${name}`;
}

async function main(args: string[]): Promise<string> {
  const [command, email, role] = args;
  const db = new Database(identityDatabaseUrl(), 'identity', 1);
  try {
    switch (command) {
      case 'grant-role':
        if (!email || !role) throw new Error(USAGE);
        return `${email} now has roles: ${(await grantRole(db, email, role)).join(', ')} (effective at the next sign-in or token refresh)`;
      case 'revoke-role':
        if (!email || !role) throw new Error(USAGE);
        return `${email} now has roles: ${(await revokeRole(db, email, role)).join(', ')} (effective at the next sign-in or token refresh)`;
      case 'rotate-signing-key': {
        const secret = process.env.IDENTITY_KEY_SECRET || loadOrCreateSecrets(resolve(envString('DATA_DIR', '.data'))).identityKeySecret;
        const { kid, activatesAt } = await rotateSigningKey(db, secret, envInt('SIGNING_KEY_ACTIVATION_SECONDS', 120));
        return `New signing key ${kid}; published now, signs from ${activatesAt.toISOString()}. Tokens signed by the old key stay valid until they expire.`;
      }
      default:
        throw new Error(USAGE);
    }
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (message) => console.log(message),
  (error: unknown) => {
    const code = (error as { code?: string }).code;
    if (error instanceof DomainError || (error as Error).message.startsWith('Usage')) console.error((error as Error).message);
    else if (code === 'ECONNREFUSED') console.error('Cannot reach the identity database: start the platform (npm start) or set IDENTITY_DATABASE_URL.');
    else console.error(error);
    process.exit(1);
  },
);
