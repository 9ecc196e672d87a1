/**
 * The gateway's request cost limits, in one place: every value comes from an environment variable
 * with the default below (README's configuration table lists them).
 */
import { envInt } from '../common/env';

export interface QueryLimits {
  /** Nesting levels of fields (fragments add none; `__` introspection fields do not count). */
  maxDepth: number;
  /** Aliased fields in an operation, counted once per use of a fragment. */
  maxAliases: number;
  /** Top-level fields of an operation, counted once per use of a fragment. */
  maxRootFields: number;
  /** Directives in an operation, counted once per use of a fragment. */
  maxDirectives: number;
  /** Lexical tokens of the whole document, checked while parsing. */
  maxTokens: number;
  /** Estimated fields resolved (see query-limits-cost.ts). */
  maxCost: number;
  /** Items the cost assumes for a list field without a `first` argument. */
  assumedListSize: number;
  /** The subgraphs' largest page (`first`): the cost of a `first` given by a variable, and the cap of a literal one. */
  maxPageSize: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxAliases: 20,
  maxRootFields: 10,
  maxDirectives: 20,
  maxTokens: 2000,
  maxCost: 10_000,
  assumedListSize: 10,
  maxPageSize: 100,
};

export function queryLimitsFromEnv(): QueryLimits {
  const d = DEFAULT_QUERY_LIMITS;
  return {
    maxDepth: envInt('MAX_QUERY_DEPTH', d.maxDepth),
    maxAliases: envInt('MAX_QUERY_ALIASES', d.maxAliases),
    maxRootFields: envInt('MAX_QUERY_ROOT_FIELDS', d.maxRootFields),
    maxDirectives: envInt('MAX_QUERY_DIRECTIVES', d.maxDirectives),
    maxTokens: envInt('MAX_QUERY_TOKENS', d.maxTokens),
    maxCost: envInt('MAX_QUERY_COST', d.maxCost),
    assumedListSize: envInt('QUERY_COST_LIST_SIZE', d.assumedListSize),
    maxPageSize: envInt('QUERY_COST_MAX_PAGE_SIZE', d.maxPageSize),
  };
}
