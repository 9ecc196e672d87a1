import { buildSchema, parse, validate } from 'graphql';
import { maxDepthRule } from '../../gateway/query-limits';

const schema = buildSchema(`
  type Node { id: ID! child: Node }
  type Query { node: Node }
`);

const nested = (levels: number) => `{ node ${'{ child '.repeat(levels - 2)}{ id }${' }'.repeat(levels - 2)} }`;
const errorsFor = (query: string, max: number) => validate(schema, parse(query), [maxDepthRule(max)]).map((e) => e.message);

describe('maxDepthRule', () => {
  it('accepts an operation at the limit', () => {
    expect(errorsFor(nested(5), 5)).toEqual([]);
  });

  it('refuses an operation one level deeper, saying by how much', () => {
    expect(errorsFor(nested(6), 5)).toEqual(['The operation is nested 6 levels deep; the limit is 5. Ask for fewer nested fields.']);
  });

  it('counts levels inside fragments', () => {
    const query = `query { node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { child { id } } }`;
    expect(errorsFor(query, 4)).toHaveLength(1);
    expect(errorsFor(query, 5)).toEqual([]);
  });

  it('ignores introspection meta fields', () => {
    expect(errorsFor(`{ node { __typename } }`, 1)).toEqual([]);
  });
});
