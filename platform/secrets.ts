/**
 * Secrets for a local platform, generated on first start into DATA_DIR/secrets.json (mode 600)
 * when not given by environment variables. Never committed: .data/ is git-ignored.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SUBGRAPH_NAMES, type SubgraphName } from '../common/subgraph-registry';

export interface PlatformSecrets {
  postgresPassword: string;
  databasePasswords: Record<SubgraphName, string>;
  gatewaySecret: string;
  identityKeySecret: string;
}

const random = () => randomBytes(24).toString('hex');

export function loadOrCreateSecrets(dataDir: string): PlatformSecrets {
  const file = join(dataDir, 'secrets.json');
  let secrets: Partial<PlatformSecrets> = {};
  if (existsSync(file)) secrets = JSON.parse(readFileSync(file, 'utf8')) as Partial<PlatformSecrets>;
  const complete: PlatformSecrets = {
    postgresPassword: secrets.postgresPassword ?? random(),
    databasePasswords: Object.fromEntries(
      SUBGRAPH_NAMES.map((name) => [name, secrets.databasePasswords?.[name] ?? random()]),
    ) as Record<SubgraphName, string>,
    gatewaySecret: secrets.gatewaySecret ?? random(),
    identityKeySecret: secrets.identityKeySecret ?? random(),
  };
  if (JSON.stringify(complete) !== JSON.stringify(secrets)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(complete, null, 2) + '\n', { mode: 0o600 });
  }
  return {
    ...complete,
    gatewaySecret: process.env.GATEWAY_SECRET || complete.gatewaySecret,
    identityKeySecret: process.env.IDENTITY_KEY_SECRET || complete.identityKeySecret,
  };
}
