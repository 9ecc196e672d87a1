/**
 * Trusted documents, configured in one place (README's configuration table lists the variables).
 * Development default: any operation runs, registered ones also by id. Production: set
 * TRUSTED_DOCUMENTS_ONLY=true, so clients can run only the operations of client/operations (by id
 * or as the identical text), while staff and ops tools keep ad-hoc queries through their roles.
 */
import { resolve } from 'node:path';
import { envString } from '../common/env';

export interface TrustedDocumentsConfig {
  /** client/generated/manifest.json: document id (SHA-256 hex of the text) → text. */
  manifestPath: string;
  /** Refuse every operation that is not in the manifest, unless the caller holds an exempt role. */
  trustedOnly: boolean;
  /** Roles (from the verified access token) that may run ad-hoc operations anyway. */
  exemptRoles: string[];
}

/** The staff roles of identity's Role enum (schema/identity.graphql): every role but USER. */
export const STAFF_ROLES = ['PRODUCT', 'ENGINEERING', 'UX', 'QA', 'SECURITY', 'PRIVACY', 'LEGAL', 'OPS'];

export const DEFAULT_MANIFEST_PATH = resolve(__dirname, '../client/generated/manifest.json');

function booleanFrom(name: string, fallback: boolean, env: NodeJS.ProcessEnv): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new Error(`Environment variable ${name} must be true or false, got "${env[name]}"`);
}

function rolesFrom(name: string, fallback: string[], env: NodeJS.ProcessEnv): string[] {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const roles = raw.split(',').map((r) => r.trim()).filter(Boolean);
  const bad = roles.find((r) => !/^[A-Z][A-Z_]*$/.test(r));
  if (bad) throw new Error(`Environment variable ${name} must list role names such as OPS,ENGINEERING (comma-separated, upper case), got "${bad}"`);
  return roles;
}

/** Pure: the configuration from an environment (process.env in the gateway, a literal in tests). */
export function trustedDocumentsConfigFrom(env: NodeJS.ProcessEnv): TrustedDocumentsConfig {
  return {
    manifestPath: envString('TRUSTED_DOCUMENTS_MANIFEST', DEFAULT_MANIFEST_PATH, env),
    trustedOnly: booleanFrom('TRUSTED_DOCUMENTS_ONLY', false, env),
    // Set but empty: nobody is exempt.
    exemptRoles: rolesFrom('TRUSTED_DOCUMENTS_EXEMPT_ROLES', STAFF_ROLES, env),
  };
}

export const trustedDocumentsConfigFromEnv = (): TrustedDocumentsConfig => trustedDocumentsConfigFrom(process.env);
