import { buildCatalog, type AgreementVersion } from '../../subgraphs/agreements/catalog';
import { deriveConsent, type AcceptedRow } from '../../subgraphs/agreements/consent-state';

const day = 86_400_000;
const t0 = new Date('2026-07-01T00:00:00Z');
const at = (days: number) => new Date(t0.getTime() + days * day);

function version(id: string, kind: string, effectiveDays: number, requiresReconsent = false): AgreementVersion {
  return { id, kind, version: id, textSha256: '0'.repeat(64), summaryOfChanges: null, effectiveAt: at(effectiveDays), requiresReconsent, publishedAt: at(Math.min(effectiveDays, 0)) };
}

const kinds = [
  { kind: 'TERMS_OF_SERVICE', title: 'ToS', required: true },
  { kind: 'PRIVACY_POLICY', title: 'PP', required: true },
  { kind: 'EXPERIMENTAL_OPT_IN', title: 'Opt-in', required: false },
];
const base = [version('tos1', 'TERMS_OF_SERVICE', 0), version('pp1', 'PRIVACY_POLICY', 0), version('exp1', 'EXPERIMENTAL_OPT_IN', 0)];
const accepted = (kind: string, versionId: string): AcceptedRow => ({ accountId: 'a', kind, versionId, acceptedAt: at(1) });

describe('deriveConsent', () => {
  it('is not compliant before accepting, with both required current versions pending', () => {
    const c = deriveConsent(buildCatalog(kinds, base), 'a', [], at(1));
    expect(c.compliant).toBe(false);
    expect(c.pending.map((v) => v.id)).toEqual(['tos1', 'pp1']);
    expect(c.experimentalOptIn).toBe(false);
  });

  it('is compliant with ToS and PP accepted; the experimental opt-in is optional', () => {
    const c = deriveConsent(buildCatalog(kinds, base), 'a', [accepted('TERMS_OF_SERVICE', 'tos1'), accepted('PRIVACY_POLICY', 'pp1')], at(1));
    expect(c).toMatchObject({ compliant: true, pending: [], experimentalOptIn: false });
  });

  it('stays compliant when a newer version does not force re-consent', () => {
    const catalog = buildCatalog(kinds, [...base, version('tos2', 'TERMS_OF_SERVICE', 5, false)]);
    const c = deriveConsent(catalog, 'a', [accepted('TERMS_OF_SERVICE', 'tos1'), accepted('PRIVACY_POLICY', 'pp1')], at(6));
    expect(c.compliant).toBe(true);
  });

  it('becomes non-compliant from the effective date of a version that forces re-consent, not before', () => {
    const catalog = buildCatalog(kinds, [...base, version('tos2', 'TERMS_OF_SERVICE', 5, true)]);
    const rows = [accepted('TERMS_OF_SERVICE', 'tos1'), accepted('PRIVACY_POLICY', 'pp1')];
    expect(deriveConsent(catalog, 'a', rows, at(4)).compliant).toBe(true);
    const after = deriveConsent(catalog, 'a', rows, at(5));
    expect(after.compliant).toBe(false);
    expect(after.pending.map((v) => v.id)).toEqual(['tos2']);
  });

  it('a re-consent version between the accepted one and the current one still counts', () => {
    const catalog = buildCatalog(kinds, [...base, version('tos2', 'TERMS_OF_SERVICE', 3, true), version('tos3', 'TERMS_OF_SERVICE', 6, false)]);
    const c = deriveConsent(catalog, 'a', [accepted('TERMS_OF_SERVICE', 'tos1'), accepted('PRIVACY_POLICY', 'pp1')], at(7));
    expect(c.compliant).toBe(false);
    expect(c.pending.map((v) => v.id)).toEqual(['tos3']);
  });

  it('drops the experimental opt-in when its document forces re-consent, and lists it as pending', () => {
    const catalog = buildCatalog(kinds, [...base, version('exp2', 'EXPERIMENTAL_OPT_IN', 2, true)]);
    const rows = [accepted('TERMS_OF_SERVICE', 'tos1'), accepted('PRIVACY_POLICY', 'pp1'), accepted('EXPERIMENTAL_OPT_IN', 'exp1')];
    expect(deriveConsent(catalog, 'a', rows, at(1)).experimentalOptIn).toBe(true);
    const later = deriveConsent(catalog, 'a', rows, at(3));
    expect(later).toMatchObject({ compliant: true, experimentalOptIn: false });
    expect(later.pending.map((v) => v.id)).toEqual(['exp2']);
  });
});
