/** A subgraph parses and validates each distinct operation text once, and says what is wrong with one that fails. */
import { buildSchema } from 'graphql';
import { DocumentCache } from '../../subgraphs/kit/document-cache';

const schema = buildSchema('type Query { me: Me } type Me { id: ID! name: String }');

describe('DocumentCache', () => {
  it('hands every request with the same text the same parsed document', () => {
    const cache = new DocumentCache(schema);
    const first = cache.prepare('{ me { id } }');
    const second = cache.prepare('{ me { id } }');
    expect(first.errors).toBeUndefined();
    expect(second.document).toBe(first.document);
    expect(cache.prepare('{ me { name } }').document).not.toBe(first.document);
  });

  it('refuses text that does not parse with GRAPHQL_PARSE_FAILED and its location', () => {
    const { errors } = new DocumentCache(schema).prepare('{ me { id }');
    expect(errors?.map((e) => ({ code: e.extensions.code, locations: e.locations, message: e.message }))).toEqual([
      { code: 'GRAPHQL_PARSE_FAILED', locations: [{ line: 1, column: 12 }], message: expect.stringMatching(/^Syntax Error/) },
    ]);
  });

  it('refuses a document the schema does not allow with GRAPHQL_VALIDATION_FAILED, every problem named', () => {
    const { errors } = new DocumentCache(schema).prepare('{ me { id nope } you }');
    expect(errors?.map((e) => [e.extensions.code, e.message])).toEqual([
      ['GRAPHQL_VALIDATION_FAILED', 'Cannot query field "nope" on type "Me". Did you mean "name"?'],
      ['GRAPHQL_VALIDATION_FAILED', 'Cannot query field "you" on type "Query".'],
    ]);
  });

  it('does not keep a failure: the same text fails again, with the same errors', () => {
    const cache = new DocumentCache(schema);
    const once = cache.prepare('{ nope }');
    const again = cache.prepare('{ nope }');
    expect(again.errors?.map((e) => e.message)).toEqual(once.errors?.map((e) => e.message));
    expect(again.errors).not.toBe(once.errors);
  });

  it('keeps at most 1,000 texts: a caller sending ever new documents cannot grow it without bound', () => {
    const cache = new DocumentCache(schema);
    const first = cache.prepare('{ a0: me { id } }').document;
    for (let i = 1; i <= 1000; i++) cache.prepare(`{ a${i}: me { id } }`);
    // The oldest was evicted: the same text is parsed again into a new document.
    expect(cache.prepare('{ a0: me { id } }').document).not.toBe(first);
    const recent = cache.prepare('{ a1000: me { id } }').document;
    expect(cache.prepare('{ a1000: me { id } }').document).toBe(recent);
  });
});
