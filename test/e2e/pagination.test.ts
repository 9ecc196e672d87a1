/**
 * Lists that grow are paged (`first`, at most 100, and `after`, the last item's key) with their
 * names and list shapes unchanged: experiments, revisions, sign-offs, reviews, the audit log,
 * an account's enrollments and agreement versions.
 */
import { errorCodes, gql, type TestUser } from '../support/graphql-client';
import { launchExperiment, makeCompliantUser, makeCrew, ok, randomSha256, uniqueSlug, type Crew } from '../support/experiments';

const as = (user: TestUser) => ({ token: user.accessToken });
const SIGN = `mutation ($slug: String!, $kind: SignOffKind!, $revision: String) { signOff(slug: $slug, kind: $kind, revision: $revision) { id } }`;
const RELEASE = `mutation ($slug: String!, $input: ReleaseRevisionInput!) { releaseRevision(slug: $slug, input: $input) { version } }`;
const REVIEW = `mutation ($slug: String!, $notes: String!) { recordReview(slug: $slug, decision: CONTINUE, notes: $notes) { id } }`;
const PROPOSE = `mutation ($input: ProposeExperimentInput!) { proposeExperiment(input: $input) { slug } }`;
const OPT_IN = `mutation ($slug: String!) { optIn(experiment: $slug) { status } }`;

/** Follows `after` from page to page until a short page; returns every page. */
async function allPages<T>(fetchPage: (after: string | null) => Promise<T[]>, first: number, keyOf: (item: T) => string): Promise<T[][]> {
  const pages: T[][] = [];
  let after: string | null = null;
  for (;;) {
    const page = await fetchPage(after);
    pages.push(page);
    if (page.length < first) return pages;
    after = keyOf(page[page.length - 1]);
  }
}

describe('paged lists', () => {
  let crew: Crew;
  let slug: string;

  beforeAll(async () => {
    crew = await makeCrew();
    slug = await launchExperiment(crew);
    for (const version of ['1.1.0', '1.2.0']) {
      for (const kind of ['QA', 'UX', 'INFRASEC']) ok(await gql(SIGN, { slug, kind, revision: version }, as(crew.approver)));
      ok(await gql(RELEASE, { slug, input: { version, url: `https://addons.beta.example.org/${slug}-${version}.xpi`, sha256: randomSha256() } }, as(crew.approver)));
    }
    for (const notes of ['first review', 'second review', 'third review']) ok(await gql(REVIEW, { slug, notes }, as(crew.approver)));
  });

  const experimentField = async <T>(selection: string, variables: Record<string, unknown> = {}) => {
    const declared = ['$slug: String!', ...(selection.includes('$first') ? ['$first: Int'] : []), ...(selection.includes('$after') ? ['$after: String'] : [])];
    return ok(await gql<{ experiment: T }>(`query (${declared.join(', ')}) { experiment(slug: $slug) { ${selection} } }`, { slug, ...variables }, as(crew.approver))).experiment;
  };

  it('pages revisions newest first, after the last version received', async () => {
    const page = (after: string | null) =>
      experimentField<{ revisions: { version: string }[] }>('revisions(first: $first, after: $after) { version }', { first: 2, after }).then((e) => e.revisions);
    const pages = await allPages(page, 2, (r) => r.version);
    expect(pages.map((p) => p.map((r) => r.version))).toEqual([['1.2.0', '1.1.0'], ['1.0.0']]);
  });

  it('pages the audit log, sign-offs and reviews oldest first, without gaps or repeats', async () => {
    const everything = await experimentField<{ auditLog: { id: string }[]; signOffs: { id: string }[]; reviews: { id: string; notes: string }[] }>(
      'auditLog(first: 100) { id } signOffs(includeVoided: true, first: 100) { id } reviews(first: 100) { id notes }',
    );
    expect(everything.reviews.map((r) => r.notes)).toEqual(['first review', 'second review', 'third review']);
    expect(everything.signOffs).toHaveLength(12);
    for (const field of ['auditLog', 'signOffs', 'reviews'] as const) {
      const args = field === 'signOffs' ? 'includeVoided: true, first: $first, after: $after' : 'first: $first, after: $after';
      const page = (after: string | null) =>
        experimentField<Record<string, { id: string }[]>>(`${field}(${args}) { id }`, { first: 2, after }).then((e) => e[field]);
      const pages = await allPages(page, 2, (x) => x.id);
      expect(pages.every((p) => p.length <= 2)).toBe(true);
      expect(pages.flat().map((x) => x.id)).toEqual(everything[field].map((x) => x.id));
    }
  });

  it('pages experiments oldest first by slug cursor, with the status filter applied before the page', async () => {
    const prefix = uniqueSlug('paged');
    const mine = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];
    for (const s of mine) {
      ok(await gql(PROPOSE, { input: { slug: s, name: s, description: 'Paging test.', tier: 'BETA', hasUserData: false, optInPolicy: 'CHANNEL' } }, as(crew.owner)));
    }
    const page = async (after: string | null) =>
      ok(await gql<{ experiments: { slug: string; status: string }[] }>(
        `query ($after: String) { experiments(status: PROPOSED, first: 2, after: $after) { slug status } }`, { after }, as(crew.approver))).experiments;
    expect((await page(null)).every((e) => e.status === 'PROPOSED')).toBe(true);
    // Other test files propose experiments concurrently: follow the cursor from this test's first one to its last.
    const seen: { slug: string; status: string }[] = [];
    let after = mine[0];
    while (!seen.some((e) => e.slug === mine[2])) {
      const next = await page(after);
      expect(next.length).toBeGreaterThan(0);
      expect(next.length).toBeLessThanOrEqual(2);
      seen.push(...next);
      after = next[next.length - 1].slug;
    }
    expect(seen.every((e) => e.status === 'PROPOSED')).toBe(true);
    expect(seen.map((e) => e.slug).filter((s) => mine.includes(s))).toEqual([mine[1], mine[2]]);
    expect(new Set(seen.map((e) => e.slug)).size).toBe(seen.length);
  });

  it('pages an account\'s enrollments by experiment slug', async () => {
    const user = await makeCompliantUser('paged-enrollments');
    const slugs = [slug, await launchExperiment(crew), await launchExperiment(crew)];
    for (const s of slugs) ok(await gql(OPT_IN, { slug: s }, as(user)));
    const page = async (after: string | null) =>
      ok(await gql<{ me: { enrollments: { experiment: { slug: string } }[] } }>(
        `query ($after: String) { me { enrollments(first: 2, after: $after) { experiment { slug } } } }`, { after }, as(user))).me.enrollments;
    const pages = await allPages(page, 2, (e) => e.experiment.slug);
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
    expect(pages.flat().map((e) => e.experiment.slug)).toEqual([...slugs].sort());
  });

  it('pages agreement versions; a cursor past the last version gives an empty page', async () => {
    const agreements = ok(await gql<{ agreements: { kind: string; versions: { id: string }[] }[] }>(`{ agreements { kind versions(first: 1) { id } } }`)).agreements;
    for (const a of agreements) {
      expect(a.versions.length).toBeLessThanOrEqual(1);
      const all = ok(await gql<{ agreements: { kind: string; versions: { id: string }[] }[] }>(`{ agreements { kind versions(first: 100) { id } } }`)).agreements.find((x) => x.kind === a.kind)!;
      const last = all.versions[all.versions.length - 1].id;
      const after = ok(await gql<{ agreements: { kind: string; versions: unknown[] }[] }>(`query ($after: String) { agreements { kind versions(after: $after) { id } } }`, { after: last })).agreements;
      expect(after.find((x) => x.kind === a.kind)!.versions).toEqual([]);
    }
  });

  it.each([
    ['experiments', `{ experiments(first: 101) { slug } }`],
    ['Experiment.revisions', `query ($slug: String!) { experiment(slug: $slug) { revisions(first: 500) { version } } }`],
    ['Experiment.auditLog', `query ($slug: String!) { experiment(slug: $slug) { auditLog(first: 0) { id } } }`],
    ['Agreement.versions', `{ agreements { versions(first: 101) { id } } }`],
  ])('refuses a page of %s outside 1 … 100 with BAD_USER_INPUT naming the largest page', async (_field, query) => {
    const res = await gql(query, { slug }, as(crew.approver));
    expect(errorCodes(res)[0]).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/^first must be between 1 and 100 \(the largest page\)/);
    expect(res.errors![0].extensions?.field).toBe('first');
  });

  it('refuses a malformed cursor with BAD_USER_INPUT', async () => {
    const res = await gql(`query ($slug: String!) { experiment(slug: $slug) { auditLog(after: "not-an-id") { id } } }`, { slug }, as(crew.approver));
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].message).toMatch(/after must be the id of an item of the previous page/);
  });
});
