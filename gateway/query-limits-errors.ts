/**
 * Refusals of the request cost limits: `extensions.code` QUERY_TOO_COMPLEX, the limit's name, the
 * measured value and the maximum, and a message saying what to do. Apollo Server reports
 * validation and parse failures with its own codes (GRAPHQL_VALIDATION_FAILED,
 * GRAPHQL_PARSE_FAILED); `formatQueryLimitError` gives the limit refusals their own code back.
 */
import { GraphQLError, type ASTNode, type GraphQLFormattedError } from 'graphql';

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

export type LimitName = 'depth' | 'aliases' | 'rootFields' | 'directives' | 'tokens' | 'cost';

export class QueryLimitError extends GraphQLError {
  constructor(limit: LimitName, message: string, actual: number, max: number, nodes?: ASTNode | readonly ASTNode[]) {
    super(message, { nodes, extensions: { code: QUERY_TOO_COMPLEX, limit, max, actual } });
  }
}

/** Counts through fragments can be astronomical (a fragment fan-out); say so instead of printing 1e+300. */
export const shown = (n: number) => (n > Number.MAX_SAFE_INTEGER ? `more than ${Number.MAX_SAFE_INTEGER}` : String(Math.ceil(n)));

/** graphql's parser aborts with this once a document has more than `maxTokens` tokens. */
const TOKEN_LIMIT = /^Syntax Error: Document contains more th[ae]t (\d+) tokens/;

export function tokenLimitError(max: number): QueryLimitError {
  return new QueryLimitError(
    'tokens',
    `The document has more than ${max} tokens; the limit is ${max}. Send a smaller document: fewer fields, aliases, arguments or fragments.`,
    max + 1,
    max,
  );
}

/** formatError hook: limit refusals get QUERY_TOO_COMPLEX (and HTTP 400) instead of Apollo's generic codes. */
export function formatQueryLimitError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (!(error instanceof GraphQLError)) return formatted;
  const original = error.originalError;
  if (original instanceof QueryLimitError) {
    return { ...formatted, extensions: { ...formatted.extensions, ...original.extensions } };
  }
  const tokens = error.extensions?.code === 'GRAPHQL_PARSE_FAILED' ? TOKEN_LIMIT.exec(error.message) : null;
  if (tokens) {
    const refusal = tokenLimitError(Number(tokens[1]));
    return { message: refusal.message, extensions: { ...formatted.extensions, ...refusal.extensions } };
  }
  return formatted;
}
