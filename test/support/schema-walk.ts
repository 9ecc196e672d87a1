/**
 * Walking the composed schema (schema/supergraph.graphql) in tests: the fields of a type, which
 * subgraph owns a field, example argument values built from the argument types, and the operation
 * text that calls one field with variables.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  buildASTSchema, getNamedType, isCompositeType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, parse,
  type GraphQLArgument, type GraphQLField, type GraphQLInputType, type GraphQLObjectType, type GraphQLSchema,
} from 'graphql';

let cached: GraphQLSchema | undefined;

/** The supergraph as graphql-js reads it (join__/link__ types included; the walks below skip them). */
export function supergraphSchema(): GraphQLSchema {
  cached ??= buildASTSchema(parse(readFileSync(resolve(__dirname, '../../schema/supergraph.graphql'), 'utf8')), { assumeValidSDL: true });
  return cached;
}

export function objectType(name: string): GraphQLObjectType {
  const type = supergraphSchema().getType(name);
  if (!type || !('getFields' in type) || isInputObjectType(type)) throw new Error(`${name} is not an object type of the supergraph`);
  return type as GraphQLObjectType;
}

export const fieldsOf = (typeName: string): GraphQLField<unknown, unknown>[] => Object.values(objectType(typeName).getFields());

/** The subgraph that resolves a field (the one @join__field names without external: true), lower-case. */
export function owningSubgraph(typeName: string, fieldName: string): string | null {
  const directives = objectType(typeName).getFields()[fieldName]?.astNode?.directives ?? [];
  for (const d of directives.filter((x) => x.name.value === 'join__field')) {
    const arg = (name: string) => d.arguments?.find((a) => a.name.value === name)?.value;
    const external = arg('external');
    if (external && 'value' in external && external.value === true) continue;
    const graph = arg('graph');
    if (graph && 'value' in graph) return String(graph.value).toLowerCase();
  }
  return null;
}

/** A valid-looking value of an input type: required input fields only, the first enum value. */
export function exampleValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return exampleValue(type.ofType);
  if (isListType(type)) return [exampleValue(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
        .map((f) => [f.name, exampleValue(f.type)]),
    );
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int': return 1;
      case 'Float': return 0.5;
      case 'Boolean': return false;
      case 'ID': return '00000000-0000-4000-8000-000000000000';
      case 'DateTime': return new Date().toISOString();
      case 'JSON': return {};
      default: return 'example';
    }
  }
  throw new Error(`no example for ${String(type)}`);
}

/** Argument values: the given ones, plus an example for every required argument not given. */
export function exampleArgs(field: GraphQLField<unknown, unknown>, given: Record<string, unknown> = {}): Record<string, unknown> {
  const args: Record<string, unknown> = { ...given };
  for (const arg of field.args) {
    if (!(arg.name in args) && isNonNullType(arg.type) && arg.defaultValue === undefined) args[arg.name] = exampleValue(arg.type);
  }
  return args;
}

/** `{ __typename }` for a composite result, nothing for a scalar or enum. */
export const defaultSelection = (field: GraphQLField<unknown, unknown>) => (isCompositeType(getNamedType(field.type)) ? '{ __typename }' : '');

/** `mutation Name($a: T!) { field(a: $a) { … } }`, each given argument passed as a variable of its declared type. */
export function operationCalling(
  operation: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
  options: { selection?: string; name?: string; inlineArguments?: string } = {},
): string {
  const used: GraphQLArgument[] = field.args.filter((a) => a.name in args);
  const definitions = used.length ? `(${used.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})` : '';
  const passed = [...used.map((a) => `${a.name}: $${a.name}`), ...(options.inlineArguments ? [options.inlineArguments] : [])];
  const call = passed.length ? `(${passed.join(', ')})` : '';
  return `${operation} ${options.name ?? `Probe_${field.name}`}${definitions} { ${field.name}${call} ${options.selection ?? defaultSelection(field)} }`;
}
