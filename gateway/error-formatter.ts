/**
 * The gateway's formatError: the request cost limits' own code back (Apollo recodes their
 * refusals), readable messages for Apollo's persisted-query refusals, then what a client may see
 * (client-errors.ts). What is withheld is logged with the request id the error was tagged with
 * (error-request-ids.ts). The errors themselves are made in errors.ts.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from '../common/logger';
import { requestIdOfError } from './error-request-ids';
import { clientError } from './client-errors';
import { QUERY_TOO_COMPLEX, tooManyTokens } from './errors';
import { formatTrustedDocumentError } from './trusted-documents';

/** graphql's parser aborts with this once a document has more than `maxTokens` tokens. */
const TOKEN_LIMIT = /^Syntax Error: Document contains more th[ae]t (\d+) tokens/;

/**
 * Limit refusals get QUERY_TOO_COMPLEX (with the limit, the measured value and the maximum) instead
 * of Apollo's GRAPHQL_VALIDATION_FAILED, and the parser's token refusal becomes one of them.
 */
export function formatQueryLimitError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (!(error instanceof GraphQLError)) return formatted;
  const original = error.originalError;
  if (original instanceof GraphQLError && original.extensions.code === QUERY_TOO_COMPLEX) {
    return { ...formatted, extensions: { ...formatted.extensions, ...original.extensions } };
  }
  const tokens = error.extensions?.code === 'GRAPHQL_PARSE_FAILED' ? TOKEN_LIMIT.exec(error.message) : null;
  if (tokens) {
    const refusal = tooManyTokens(Number(tokens[1]));
    return { message: refusal.message, extensions: { ...formatted.extensions, ...refusal.extensions } };
  }
  return formatted;
}

export function createErrorFormatter(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const requestId = requestIdOfError(error) ?? 'unknown';
    const { error: shown, withheld } = clientError(formatTrustedDocumentError(formatQueryLimitError(formatted, error)), error, requestId);
    if (withheld) {
      const code = shown.extensions?.code;
      const fields = { requestId, code, path: shown.path, withheld };
      if (code === 'INTERNAL_SERVER_ERROR' || code === 'SERVICE_UNAVAILABLE') log.error('operation failed', fields);
      else if (withheld.response) log.warn('subgraph refused a request', fields);
      else log.debug('subgraph error', fields);
    }
    return shown;
  };
}
