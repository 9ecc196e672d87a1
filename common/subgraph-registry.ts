/**
 * The subgraphs, declared once. Everything else derives from this table: the launcher (ports,
 * databases, roles, secrets, start order), the gateway (URLs, timeouts, breakers, readiness),
 * composition, the production build, the test platform, and identity's account deletion saga and
 * data export. `npm run new-subgraph -- NAME` adds one line here (docs/ADDING_A_SUBGRAPH.md).
 */
import type { Tier } from './sla-tiers';

export interface SubgraphDeclaration {
  /** Its port is PORT + portOffset (4000 + 1 = 4001 by default). 0 and 10 are the gateway's own. */
  portOffset: number;
  /** The platform cannot serve without it: readiness fails and a crash loop stops `npm start`. */
  critical: boolean;
  tier: Tier;
  /** Its own database (and, under `npm start`, the login role of the same name). */
  database: string;
  /**
   * It keeps rows about accounts, so it implements kit's erase and export hooks
   * (`accountData` in its main.ts) and identity's deleteAccount and exportMyData call them.
   */
  holdsAccountData: boolean;
  /**
   * Columns ("table.column") that keep an account id after erase, on purpose, each with its reason.
   * Any other account-id column must be cleared by erase (test/e2e/account-data-coverage.test.ts).
   */
  keepsAccountIds?: Readonly<Record<string, string>>;
}

const STAFF_TRAIL = 'a staff decision of the beta process; the staff member stays on record as accountability trail';

/** The beta process's staff records in experiments: who proposed, checked, signed, released, reviewed, changed what. */
const EXPERIMENTS_STAFF_RECORDS = {
  'experiments.owner_id': `the proposer: ${STAFF_TRAIL}`,
  'entry_criteria.checked_by': `who checked an entry criterion: ${STAFF_TRAIL}`,
  'sign_offs.signer_id': `who signed off: ${STAFF_TRAIL}`,
  'revisions.released_by': `who released a revision: ${STAFF_TRAIL}`,
  'reviews.reviewer_id': `who recorded a monthly review: ${STAFF_TRAIL}`,
  'audit_log.actor_id': `who made a change (the audit log is append-only): ${STAFF_TRAIL}`,
} as const;

const AGREEMENTS_RECORDS = {
  'agreement_versions.published_by': `the LEGAL staff member who published a version: ${STAFF_TRAIL}`,
  'consent_tombstones.account_id': 'the proof that a consent chain was erased (time, number of events, last hash), written by erase itself',
} as const;

export const SUBGRAPHS = {
  identity: { portOffset: 1, critical: true, tier: 'BETA', database: 'beta_identity', holdsAccountData: true },
  agreements: { portOffset: 2, critical: true, tier: 'BETA', database: 'beta_agreements', holdsAccountData: true, keepsAccountIds: AGREEMENTS_RECORDS },
  experiments: { portOffset: 3, critical: false, tier: 'BETA', database: 'beta_experiments', holdsAccountData: true, keepsAccountIds: EXPERIMENTS_STAFF_RECORDS },
  feedback: { portOffset: 4, critical: false, tier: 'BETA', database: 'beta_feedback', holdsAccountData: true },
} as const satisfies Record<string, SubgraphDeclaration>;

export type SubgraphName = keyof typeof SUBGRAPHS;
/** In declaration order: the order they start in and are listed in. */
export const SUBGRAPH_NAMES = Object.keys(SUBGRAPHS) as SubgraphName[];

export const declarationOf = (name: SubgraphName): SubgraphDeclaration => SUBGRAPHS[name];

/** Offsets from PORT that are not a subgraph's: the gateway itself and its ops listener (OPS_PORT = PORT + 10). */
export const RESERVED_PORT_OFFSETS: readonly number[] = [0, 10];
export const DEFAULT_GATEWAY_PORT = 4000;

/** A subgraph's port when nothing sets <NAME>_PORT: the gateway's port plus its offset. */
export const defaultSubgraphPort = (name: SubgraphName, gatewayPort = DEFAULT_GATEWAY_PORT): number => gatewayPort + SUBGRAPHS[name].portOffset;

export const DEFAULT_SUBGRAPH_PORTS = Object.fromEntries(
  SUBGRAPH_NAMES.map((name) => [name, defaultSubgraphPort(name)]),
) as Record<SubgraphName, number>;

export const isCritical = (name: SubgraphName): boolean => SUBGRAPHS[name].critical;

/**
 * identity owns the accounts: it runs the deletion saga and the export, and erases its own rows
 * last. Every other subgraph that holds account data is a step of both.
 */
export const ACCOUNT_OWNER = 'identity' satisfies SubgraphName;
export const ACCOUNT_DATA_HOLDERS = SUBGRAPH_NAMES.filter((name) => name !== ACCOUNT_OWNER && SUBGRAPHS[name].holdsAccountData);

export const urlVar = (name: SubgraphName) => `${name.toUpperCase()}_URL`;
export const portVar = (name: SubgraphName) => `${name.toUpperCase()}_PORT`;
export const databaseUrlVar = (name: SubgraphName) => `${name.toUpperCase()}_DATABASE_URL`;

/** Where the gateway finds a subgraph: <NAME>_URL, else localhost on <NAME>_PORT or the default port. */
export function subgraphUrl(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[urlVar(name)];
  if (explicit) return explicit;
  const port = env[portVar(name)] || String(DEFAULT_SUBGRAPH_PORTS[name]);
  return `http://127.0.0.1:${port}/graphql`;
}

/** True when a name can be a subgraph of this platform (kit checks its own name at start). */
export const isSubgraphName = (name: string): name is SubgraphName => Object.hasOwn(SUBGRAPHS, name);
