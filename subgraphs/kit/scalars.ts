/** DateTime as an ISO-8601 string in UTC; every subgraph declares `scalar DateTime`. */
import { GraphQLScalarType, Kind } from 'graphql';
import { InputFormatError } from './errors';

// Date.parse alone takes almost anything ("1" is 2001-01-01 in V8), and a date-time without a
// zone would be read in the server's local time: accept ISO-8601 dates, and date-times with a zone.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/i;
const FORMAT = 'DateTime must be an ISO-8601 date-time with a time zone, e.g. 2026-07-01T00:00:00Z (or a date, 2026-07-01).';

/** The date part names a real day: V8 reads "2027-02-30" as 2 March instead of refusing it. */
function isCalendarDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_8601.test(value) || Number.isNaN(Date.parse(value)) || !isCalendarDate(value)) throw new InputFormatError(FORMAT);
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
  parseValue: parseDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new InputFormatError(FORMAT);
    return parseDateTime(ast.value);
  },
});

/** Arbitrary JSON (exports); values pass through as they are. */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral() {
    throw new InputFormatError('JSON literals are not accepted as arguments.');
  },
});
