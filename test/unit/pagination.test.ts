/** Page arguments shared by the subgraphs, and paging the in-memory agreement catalog. */
import { buildCatalog, versionPage, type AgreementVersion } from '../../subgraphs/agreements/catalog';
import { MAX_PAGE_SIZE, pageOf } from '../../subgraphs/kit/pagination';

describe('pageOf', () => {
  it('uses the default when first is absent or null, and passes after on', () => {
    expect(pageOf({}, 20)).toEqual({ first: 20, after: null });
    expect(pageOf({ first: null, after: 'x' }, 20)).toEqual({ first: 20, after: 'x' });
    expect(pageOf({ first: MAX_PAGE_SIZE }, 20)).toEqual({ first: 100, after: null });
  });

  it.each([0, -1, 101, 1.5])('refuses first = %p with BAD_USER_INPUT naming the largest page', (first) => {
    expect(() => pageOf({ first }, 20)).toThrow(expect.objectContaining({
      message: `first must be between 1 and 100 (the largest page); got ${first}. Ask for the next page with after.`,
      extensions: { code: 'BAD_USER_INPUT', field: 'first' },
    }));
  });
});

describe('versionPage', () => {
  const version = (n: number): AgreementVersion => ({
    id: `00000000-0000-4000-8000-00000000000${n}`, kind: 'TERMS_OF_SERVICE', version: String(n), textSha256: 'x', summaryOfChanges: null,
    effectiveAt: new Date(Date.UTC(2025, 0, n)), requiresReconsent: false, publishedAt: new Date(Date.UTC(2025, 0, n)),
  });
  const catalog = buildCatalog([{ kind: 'TERMS_OF_SERVICE', title: 'Terms', required: true }], [1, 2, 3, 4, 5].map(version));
  const versionsOf = (first: number, after: string | null) => versionPage(catalog, 'TERMS_OF_SERVICE', { first, after }).map((v) => v.version);

  it('pages newest first after the id of the last version received', () => {
    expect(versionsOf(2, null)).toEqual(['5', '4']);
    expect(versionsOf(2, version(4).id)).toEqual(['3', '2']);
    expect(versionsOf(2, version(2).id)).toEqual(['1']);
    expect(versionsOf(2, version(1).id)).toEqual([]);
  });

  it('gives an empty page after an id that is not a version of the kind', () => {
    expect(versionsOf(2, '00000000-0000-4000-8000-000000000999')).toEqual([]);
  });
});
