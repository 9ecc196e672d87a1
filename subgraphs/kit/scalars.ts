/** DateTime as an ISO-8601 string in UTC; every subgraph declares `scalar DateTime`. */
import { GraphQLScalarType, Kind } from 'graphql';

function parse(value: unknown): Date {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw new TypeError('DateTime must be an ISO-8601 string, e.g. 2026-07-01T00:00:00Z');
  }
  return new Date(value);
}

export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'ISO-8601 date and time in UTC',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(value as string);
    if (Number.isNaN(date.getTime())) throw new TypeError('DateTime cannot represent an invalid date');
    return date.toISOString();
  },
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new TypeError('DateTime must be a string literal');
    return parse(ast.value);
  },
});

/** Arbitrary JSON (exports); values pass through as they are. */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral() {
    throw new TypeError('JSON literals are not accepted as arguments');
  },
});
