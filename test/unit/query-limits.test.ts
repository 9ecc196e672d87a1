/** The gateway's request cost limits on parsed documents: no server, the real supergraph schema. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, getIntrospectionQuery, GraphQLError, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from '../../gateway/query-limits-config';
import { formatQueryLimitError } from '../../gateway/error-formatter';
import { queryTooComplex } from '../../gateway/errors';
import { queryLimitParseOptions, queryLimitRules } from '../../gateway/query-limits';
import { maxDepthRule } from '../../gateway/query-limits-depth';

const supergraph = buildSchema(readFileSync(resolve(__dirname, '../../schema/supergraph.graphql'), 'utf8'), { assumeValidSDL: true });
const tiny = buildSchema(`
  type Node { id: ID! child: Node }
  type Query { node: Node }
`);

const BOOTSTRAP = `query Bootstrap { me { id email channel consent { compliant pending { kind version } experimentalOptIn } enabledFeatures { slug tier revision { version addonId url sha256 } } } }`;
const STAFF_DASHBOARD = `query StaffDashboard($slug: String!) {
  experiments(status: IN_BETA) { slug name status tier rolloutPercent reviewOverdue enrolledAccounts currentRevision { version releasedAt }
    gateStatus { to gate allowed missing details callerMayPerform } feedbackSummary { count happy sad last7Days { count } } }
  experiment(slug: $slug) {
    slug status owner { id displayName }
    entryCriteria { criterion required checked checkedBy { id } note }
    signOffs(includeVoided: true) { kind gate revision voided voidedReason signer { id } }
    revisions { version url sha256 releasedBy { id } }
    reviews { decision notes reviewer { id } }
    auditLog { action from to reason actor { id } at }
    gateStatus { to allowed missing details }
  }
}`;

interface Refusal { limit: unknown; code: unknown; message: string; actual: unknown; max: unknown }
function refusals(query: string, limits: Partial<QueryLimits> = {}, schema: GraphQLSchema = supergraph): Refusal[] {
  const all = { ...DEFAULT_QUERY_LIMITS, ...limits };
  return validate(schema, parse(query, queryLimitParseOptions(all)), [...specifiedRules, ...queryLimitRules(all)])
    .filter((e) => e.extensions.limit)
    .map((e) => ({ limit: e.extensions.limit, code: e.extensions.code, message: e.message, actual: e.extensions.actual, max: e.extensions.max }));
}
const limitsHit = (query: string, limits: Partial<QueryLimits> = {}) => refusals(query, limits).map((r) => r.limit);
/** The cost an operation is estimated at: the refusal's measured value with a budget of 0. */
const costOf = (query: string, limits: Partial<QueryLimits> = {}) => refusals(query, { ...limits, maxCost: 0 }).find((r) => r.limit === 'cost')?.actual;

/** `fragment F0 on Query { ...F1 ...F1 }` … 24 levels: 2^24 copies of the last fragment's fields in 1 KB. */
function fanOut(levels: number, leaf = 'agreements { kind }'): string {
  let doc = 'query FanOut { ...F0 }\n';
  for (let i = 0; i < levels; i++) doc += `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }\n`;
  return `${doc}fragment F${levels} on Query { ${leaf} }`;
}
const aliases = (n: number, selection: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${selection}`).join(' ')} }`;

describe('request cost limits: legitimate operations', () => {
  it('passes the Bootstrap query every client runs, far below every limit', () => {
    expect(refusals(BOOTSTRAP)).toEqual([]);
    expect(costOf(BOOTSTRAP)).toBe(99);
    expect(refusals(BOOTSTRAP, { maxDepth: 4 })).toEqual([]);
  });

  it('passes a large staff dashboard query', () => {
    expect(refusals(STAFF_DASHBOARD)).toEqual([]);
  });

  it('passes the standard introspection query (introspection fields are not counted)', () => {
    expect(refusals(getIntrospectionQuery())).toEqual([]);
  });
});

describe('depth', () => {
  const nested = (levels: number) => `{ node ${'{ child '.repeat(levels - 2)}{ id }${' }'.repeat(levels - 2)} }`;
  const depthErrors = (query: string, max: number) => validate(tiny, parse(query), [maxDepthRule(max)]);

  it('accepts an operation at the limit', () => {
    expect(depthErrors(nested(5), 5)).toEqual([]);
  });

  it('refuses an operation one level deeper, saying by how much, with QUERY_TOO_COMPLEX', () => {
    const [error] = depthErrors(nested(6), 5);
    expect(error.message).toBe('The operation is nested 6 levels deep; the limit is 5. Ask for fewer nested fields.');
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth', actual: 6, max: 5 });
  });

  it('counts levels inside fragments, not the fragments themselves', () => {
    const query = `query { node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { child { id } } }`;
    expect(depthErrors(query, 4)).toHaveLength(1);
    expect(depthErrors(query, 5)).toEqual([]);
  });

  it('ignores introspection meta fields', () => {
    expect(depthErrors(`{ node { __typename } }`, 1)).toEqual([]);
  });

  it('refuses a too-deep query over the real schema (Experiment ↔ Enrollment cycle)', () => {
    let selection = 'slug';
    for (let i = 0; i < 7; i++) selection = `myEnrollment { experiment { ${selection} } }`;
    expect(refusals(`{ experiments { ${selection} } }`)).toEqual([
      expect.objectContaining({ limit: 'depth', actual: 16, max: 12, message: expect.stringContaining('nested 16 levels deep; the limit is 12') }),
    ]);
  });
});

describe('fragment fan-out (2^24 expansions in 1 KB)', () => {
  it('is measured through its expansion, without walking it, and refused for its top-level fields and cost', () => {
    const found = refusals(fanOut(24));
    expect(found.map((r) => r.limit).sort()).toEqual(['cost', 'rootFields']);
    expect(found.find((r) => r.limit === 'rootFields')).toMatchObject({ code: 'QUERY_TOO_COMPLEX', actual: 2 ** 24, max: 10 });
    expect(found.find((r) => r.limit === 'rootFields')!.message).toBe(
      'The operation asks for 16777216 top-level fields; the limit is 10. Split it into several requests or ask for fewer top-level fields.',
    );
  });

  it('counts aliases and directives per expansion (armor rules remember each fragment)', () => {
    const found = refusals(fanOut(24, 'a: me { id @include(if: true) }'));
    expect(found.find((r) => r.limit === 'aliases')).toMatchObject({ actual: 2 ** 24, max: 20 });
    expect(found.find((r) => r.limit === 'directives')).toMatchObject({ actual: 2 ** 24, max: 20 });
  });

  it('stays finite-worded when the expansion exceeds any integer', () => {
    const found = refusals(fanOut(120), { maxTokens: 10_000 });
    expect(found.find((r) => r.limit === 'rootFields')!.message).toMatch(/^The operation asks for more than 9007199254740991 top-level fields/);
  });
});

describe('aliases, top-level fields, directives', () => {
  it('allows 20 aliases and refuses 21, naming the count and the limit', () => {
    expect(limitsHit(`{ me { ${Array.from({ length: 20 }, (_, i) => `a${i}: id`).join(' ')} } }`)).toEqual([]);
    const found = refusals(`{ me { ${Array.from({ length: 21 }, (_, i) => `a${i}: id`).join(' ')} } }`);
    expect(found).toEqual([expect.objectContaining({ limit: 'aliases', code: 'QUERY_TOO_COMPLEX', actual: 21, max: 20 })]);
    expect(found[0].message).toBe('The operation uses 21 aliases; the limit is 20. Ask for each field once, or split the work into several requests.');
  });

  it('counts the aliases of a fragment once per use', () => {
    const query = `{ me { ...A } x: me { ...A } y: me { ...A } } fragment A on Account { a1: id a2: id a3: id a4: id a5: id a6: id }`;
    expect(refusals(query)).toEqual([]);
    expect(refusals(query, { maxAliases: 19 })).toEqual([expect.objectContaining({ limit: 'aliases', actual: 20 })]);
  });

  it('refuses more than 10 top-level fields, counting fragments', () => {
    expect(limitsHit(`{ ${Array.from({ length: 10 }, () => 'agreements { kind }').join(' ')} }`)).toEqual([]);
    expect(refusals(`{ agreements { kind } ...Q ...Q } fragment Q on Query { me { id } experiments { slug } a: agreements { kind } b: agreements { kind } c: agreements { title } }`))
      .toEqual([expect.objectContaining({ limit: 'rootFields', actual: 11, max: 10 })]);
  });

  it('refuses more than 20 directives', () => {
    const many = (n: number) => `query($on: Boolean!) { me { ${Array.from({ length: n }, (_, i) => `f${i}: id @include(if: $on)`).join(' ')} } }`;
    expect(limitsHit(many(20), { maxAliases: 100 })).toEqual([]);
    expect(refusals(many(21), { maxAliases: 100 })).toEqual([expect.objectContaining({ limit: 'directives', actual: 21, max: 20 })]);
  });
});

describe('tokens (checked while parsing)', () => {
  it('parses Bootstrap and a document of exactly 2000 tokens, and refuses one token more', () => {
    const options = queryLimitParseOptions(DEFAULT_QUERY_LIMITS);
    const fields = (n: number) => `{ me { ${'id '.repeat(n)}} }`; // 5 + n tokens
    expect(() => parse(BOOTSTRAP, options)).not.toThrow();
    expect(() => parse(fields(1995), options)).not.toThrow();
    expect(() => parse(fields(1996), options)).toThrow(/more that 2000 tokens/);
  });

  it('reports the parser refusal as QUERY_TOO_COMPLEX naming the limit', () => {
    let syntax: GraphQLError | undefined;
    try {
      parse(aliases(10_000, 'agreements { kind }'), queryLimitParseOptions(DEFAULT_QUERY_LIMITS));
    } catch (error) {
      syntax = error as GraphQLError;
    }
    // As Apollo Server reports a parse failure.
    const wrapped = new GraphQLError(syntax!.message, { originalError: syntax, extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(formatQueryLimitError({ message: wrapped.message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, wrapped)).toEqual({
      message: 'The document has more than 2000 tokens; the limit is 2000. Send a smaller document: fewer fields, aliases, arguments or fragments.',
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'tokens', actual: 2001, max: 2000 },
    });
  });

  it('gives validation refusals their code back and leaves other errors alone', () => {
    const refusal = queryTooComplex('cost', 'too costly', 20_000, 10_000);
    const wrapped = new GraphQLError(refusal.message, { originalError: refusal, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(formatQueryLimitError({ message: 'too costly', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, wrapped).extensions)
      .toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', actual: 20_000, max: 10_000 });
    const other = { message: 'Cannot query field "x" on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
    expect(formatQueryLimitError(other, new GraphQLError(other.message))).toBe(other);
  });
});

describe('cost budget', () => {
  it('multiplies nested pages by their first arguments and refuses beyond the budget', () => {
    expect(costOf(`{ experiments(first: 10) { slug revisions(first: 10) { version } } }`)).toBe(1 + 10 * (1 + 1 + 10 * 1));
    const found = refusals(`{ experiments(first: 100) { slug revisions(first: 100) { version url sha256 releasedAt } } }`);
    expect(found).toEqual([expect.objectContaining({ limit: 'cost', code: 'QUERY_TOO_COMPLEX', actual: 1 + 100 * (2 + 100 * 4), max: 10_000 })]);
    expect(found[0].message).toBe(
      'The operation could resolve about 40201 fields; the limit is 10000. Ask for smaller pages (first), fewer nested lists or fewer fields, and fetch further pages with after.',
    );
  });

  it('uses the schema default of first when it is omitted, and the largest page for a variable', () => {
    expect(costOf(`{ experiments { slug } }`)).toBe(1 + 50);
    expect(costOf(`query($n: Int) { experiments(first: $n) { slug } }`)).toBe(1 + 100);
  });

  it('caps a literal first at the largest page (the subgraph refuses more with BAD_USER_INPUT)', () => {
    expect(costOf(`{ experiments(first: 1000000) { slug } }`)).toBe(1 + 100);
  });

  it('sizes the list inside a page object by the page object\'s first', () => {
    expect(costOf(`{ feedback(experiment: "x", first: 5) { nextCursor entries { id comment } } }`)).toBe(1 + (1 + 1 + 5 * 2));
  });

  it('assumes lists without first hold 10 items', () => {
    expect(costOf(`{ agreements { kind } }`)).toBe(1 + 10);
  });

  it('counts a fragment once per use', () => {
    expect(costOf(`{ experiments(first: 2) { ...E } } fragment E on Experiment { slug revisions(first: 3) { version } }`)).toBe(1 + 2 * (1 + 1 + 3));
  });
});
