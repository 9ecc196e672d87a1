/**
 * The gateway's formatError: the request cost limits' own codes first (query-limits-errors.ts),
 * a readable message for an unknown trusted-document id, then what a client may see
 * (client-errors.ts). What is withheld is logged with the request id.
 */
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from '../common/logger';
import { currentRequestId } from '../common/request-id';
import { clientError } from './client-errors';
import { formatQueryLimitError } from './query-limits';
import { formatTrustedDocumentError } from './trusted-documents';

export function createErrorFormatter(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const requestId = currentRequestId() ?? 'unknown';
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
