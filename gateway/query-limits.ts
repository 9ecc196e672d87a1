/**
 * The gateway's request cost limits, applied before any query planning or subgraph call:
 *   - tokens while parsing (graphql's `maxTokens`), so a huge document is refused before a full
 *     AST exists;
 *   - depth, aliases, top-level fields, directives and a cost budget as validation rules, each
 *     linear in the document (a fragment is walked once, however often it is spread).
 * Refusals carry QUERY_TOO_COMPLEX (gateway/errors.ts) with HTTP 400.
 */
import type { ParseOptions, ValidationRule } from 'graphql';
import type { QueryLimits } from './query-limits-config';
import { maxAliasesRule, maxDirectivesRule } from './query-limits-counts';
import { costLimitRule } from './query-limits-cost';
import { maxDepthRule } from './query-limits-depth';
import { maxRootFieldsRule } from './query-limits-root-fields';

export function queryLimitParseOptions(limits: QueryLimits): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  return [
    maxRootFieldsRule(limits.maxRootFields),
    maxDepthRule(limits.maxDepth),
    maxAliasesRule(limits.maxAliases),
    maxDirectivesRule(limits.maxDirectives),
    costLimitRule(limits),
  ];
}
