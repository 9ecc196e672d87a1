/**
 * Deriving an account's consent from what it has accepted: pure, so the rules (re-consent,
 * future effective dates, the experimental opt-in) are unit-tested without a database.
 */
import { currentVersion, type AgreementKind, type AgreementVersion, type Catalog } from './catalog';

export const EXPERIMENTAL_OPT_IN = 'EXPERIMENTAL_OPT_IN';

export interface AcceptedRow {
  accountId: string;
  kind: AgreementKind;
  versionId: string;
  acceptedAt: Date;
}

export interface AcceptedAgreement {
  kind: AgreementKind;
  version: AgreementVersion;
  acceptedAt: Date;
}

export interface DerivedConsent {
  accountId: string;
  compliant: boolean;
  pending: AgreementVersion[];
  experimentalOptIn: boolean;
  accepted: AcceptedAgreement[];
}

const after = (a: AgreementVersion, b: AgreementVersion) =>
  a.effectiveAt.getTime() > b.effectiveAt.getTime() ||
  (a.effectiveAt.getTime() === b.effectiveAt.getTime() && a.publishedAt.getTime() > b.publishedAt.getTime());

/** Accepted version still good: it is current, or no version in force since it forces re-consent. */
export function isUpToDate(catalog: Catalog, accepted: AgreementVersion, now: Date): boolean {
  const inForce = (catalog.versionsByKind.get(accepted.kind) ?? []).filter((v) => v.effectiveAt.getTime() <= now.getTime());
  return !inForce.some((v) => v.requiresReconsent && after(v, accepted));
}

export function deriveConsent(catalog: Catalog, accountId: string, rows: AcceptedRow[], now: Date): DerivedConsent {
  const accepted: AcceptedAgreement[] = [];
  for (const row of rows) {
    const version = catalog.byId.get(row.versionId);
    if (version) accepted.push({ kind: row.kind, version, acceptedAt: row.acceptedAt });
  }
  const byKind = new Map(accepted.map((a) => [a.kind, a]));
  const pending: AgreementVersion[] = [];
  let compliant = true;
  for (const { kind, required } of catalog.kinds) {
    const current = currentVersion(catalog, kind, now);
    if (!current) continue;
    const mine = byKind.get(kind);
    const upToDate = mine !== undefined && isUpToDate(catalog, mine.version, now);
    if (required && !upToDate) {
      compliant = false;
      pending.push(current);
    } else if (!required && mine && !upToDate) {
      pending.push(current);
    }
  }
  const optIn = byKind.get(EXPERIMENTAL_OPT_IN);
  return {
    accountId,
    compliant,
    pending,
    experimentalOptIn: optIn !== undefined && isUpToDate(catalog, optIn.version, now),
    accepted,
  };
}
