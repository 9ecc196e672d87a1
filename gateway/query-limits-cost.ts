/**
 * A cost budget: the number of fields the operation can make the platform resolve, in the worst
 * case the subgraphs allow. Every field counts 1 each time it is resolved; a list field's
 * selection counts once per item, and items are what the list can return:
 *   - its `first` argument (a literal, the schema's default when omitted, or the largest page
 *     when given by a variable), capped at the largest page the subgraphs serve;
 *   - a page object with `first` (Query.feedback → entries) sizes the lists directly inside it;
 *   - any other list is assumed to hold `assumedListSize` items.
 * So `experiments(first: 100) { revisions(first: 100) { version } }` costs about 100 × 100, and
 * each item of a list is where a subgraph runs SQL or an entity fetch. `__` introspection fields
 * are free (graphql's MaxIntrospectionDepthRule bounds introspection). Each fragment's cost is
 * computed once per page context and multiplied by its uses, so a fragment fan-out costs one walk.
 */
import {
  getNamedType, getNullableType, isInterfaceType, isLeafType, isListType, isObjectType, Kind,
  type ASTVisitor, type FieldNode, type GraphQLField, type GraphQLNamedType, type GraphQLType, type SelectionSetNode, type ValidationContext,
} from 'graphql';
import { fragmentMemo } from './query-limits-fragments';
import { queryTooComplex, shownCount } from './errors';
import type { QueryLimits } from './query-limits-config';

type CostLimits = Pick<QueryLimits, 'maxCost' | 'assumedListSize' | 'maxPageSize'>;

function returnsList(type: GraphQLType): boolean {
  const nullable = getNullableType(type);
  return isListType(nullable);
}

/** Items the field's `first` argument asks for, or undefined when the field has none. */
function pageSize(field: FieldNode, definition: GraphQLField<unknown, unknown>, maxPageSize: number): number | undefined {
  const argument = definition.args.find((a) => a.name === 'first');
  if (!argument) return undefined;
  const given = field.arguments?.find((a) => a.name.value === 'first')?.value;
  let size: number;
  if (!given) size = typeof argument.defaultValue === 'number' ? argument.defaultValue : maxPageSize;
  else if (given.kind === Kind.INT) size = Number(given.value);
  else size = maxPageSize; // a variable (or null): the worst case the subgraphs serve
  return Math.max(0, Math.min(size, maxPageSize));
}

/** The estimated cost of an operation's selection, with each fragment's cost remembered. */
function costCalculator(context: ValidationContext, limits: CostLimits) {
  const schema = context.getSchema();
  const fragmentCost = fragmentMemo(context, 0, (fragment, key) =>
    selectionCost(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined, key === '' ? undefined : Number(key)),
  );

  function selectionCost(set: SelectionSetNode, parent: GraphQLNamedType | undefined, pageOfLists: number | undefined): number {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        total += fieldCost(selection, parent, pageOfLists);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) ?? undefined : parent;
        total += selectionCost(selection.selectionSet, type, pageOfLists);
      } else {
        total += fragmentCost(selection.name.value, pageOfLists === undefined ? '' : String(pageOfLists));
      }
    }
    return total;
  }

  function fieldCost(field: FieldNode, parent: GraphQLNamedType | undefined, pageOfLists: number | undefined): number {
    if (field.name.value.startsWith('__')) return 0;
    const definition = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[field.name.value] : undefined;
    if (!definition) return 0; // unknown fields are reported by graphql's FieldsOnCorrectTypeRule
    const type = getNamedType(definition.type);
    if (!field.selectionSet || isLeafType(type)) return 1;
    const page = pageSize(field, definition, limits.maxPageSize);
    const list = returnsList(definition.type);
    const items = list ? page ?? pageOfLists ?? limits.assumedListSize : 1;
    return 1 + items * selectionCost(field.selectionSet, type, list ? undefined : page);
  }

  return (set: SelectionSetNode, root: GraphQLNamedType | undefined) => selectionCost(set, root, undefined);
}

export function costLimitRule(limits: CostLimits) {
  return (context: ValidationContext): ASTVisitor => {
    const costOf = costCalculator(context, limits);
    return {
      OperationDefinition(operation) {
        const root = context.getSchema().getRootType(operation.operation) ?? undefined;
        const cost = costOf(operation.selectionSet, root);
        if (cost > limits.maxCost) {
          context.reportError(
            queryTooComplex(
              'cost',
              `The operation could resolve about ${shownCount(cost)} fields; the limit is ${limits.maxCost}. Ask for smaller pages (first), fewer nested lists or fewer fields, and fetch further pages with after.`,
              cost,
              limits.maxCost,
              operation,
            ),
          );
        }
      },
    };
  };
}
