/**
 * Which request an error belongs to. Apollo Server calls formatError with the error alone, yet a
 * withheld error's message names the request id (client-errors.ts). So errors are tagged where the
 * request is known: Apollo's didEncounterErrors hook (every error of an operation passes it before
 * formatError), and the context function's refusals (server.ts). Not AsyncLocalStorage: on Node 20
 * its promise hooks cost every promise the process makes, requests or not (docs/BENCHMARKS.md).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './signed-data-source';

const owners = new WeakMap<object, string>();

export function tagError(error: unknown, requestId: string): void {
  if (typeof error === 'object' && error !== null) owners.set(error, requestId);
}

/** The request id an error was tagged with, if any. */
export const requestIdOfError = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null ? owners.get(error) : undefined;

export function errorRequestIdsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const requestId = contextValue.caller?.requestId;
      if (!requestId) return;
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) tagError(error, requestId);
        },
      };
    },
  };
}
