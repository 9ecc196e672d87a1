/**
 * Aliases and directives, counted by graphql-armor's rules (they count a fragment once per use and
 * remember each fragment's count, so a fragment fan-out costs one walk). Armor reports a refusal by
 * throwing a plain error without the measured value; here it only counts (limit Infinity, accept
 * callback) and the refusal is ours: QUERY_TOO_COMPLEX with the count and the limit.
 */
import { maxAliasesRule as armorMaxAliases } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule as armorMaxDirectives } from '@escape.tech/graphql-armor-max-directives';
import type { ASTVisitor, OperationDefinitionNode, ValidationContext } from 'graphql';
import { queryTooComplex, shownCount, type LimitName } from './errors';

type ArmorCounter = (options: {
  n: number;
  propagateOnRejection: boolean;
  onAccept: ((context: ValidationContext | null, details: { n: number }) => void)[];
}) => (context: ValidationContext) => { OperationDefinition: Record<string, unknown> };

function countingRule(counter: ArmorCounter, limit: LimitName, max: number, message: (count: string) => string) {
  return (context: ValidationContext): ASTVisitor => {
    let operation: OperationDefinitionNode | undefined;
    const armor = counter({
      n: Number.POSITIVE_INFINITY,
      propagateOnRejection: false,
      onAccept: [
        (_context, { n }) => {
          if (n > max) context.reportError(queryTooComplex(limit, message(shownCount(n)), n, max, operation));
        },
      ],
    })(context);
    const enter = armor.OperationDefinition.enter as (node: OperationDefinitionNode) => void;
    return {
      OperationDefinition(node) {
        operation = node;
        enter.call(armor, node);
      },
    };
  };
}

export const maxAliasesRule = (max: number) =>
  countingRule(armorMaxAliases, 'aliases', max, (n) => `The operation uses ${n} aliases; the limit is ${max}. Ask for each field once, or split the work into several requests.`);

export const maxDirectivesRule = (max: number) =>
  countingRule(armorMaxDirectives, 'directives', max, (n) => `The operation uses ${n} directives; the limit is ${max}. Use fewer @include/@skip directives (a variable can switch a whole fragment).`);
