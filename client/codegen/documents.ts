/**
 * The registered client operations: every `.graphql` file under client/operations. Each operation,
 * with the fragments it uses (transitively, sorted by name), printed by graphql's printer, is one
 * trusted document; its id is the SHA-256 hex of that text, which is what Apollo's persisted-query
 * extension (`persistedQuery.sha256Hash`) carries and what the gateway's manifest is keyed by.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Kind, parse, print, visit, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';

export const OPERATIONS_DIR = resolve(__dirname, '../operations');

export interface SourceFile {
  /** Relative to the project root, with forward slashes (stable in generated output). */
  location: string;
  document: DocumentNode;
}

export interface TrustedDocument {
  name: string;
  kind: 'query' | 'mutation';
  /** The operation and the fragments it uses, printed. */
  text: string;
  /** SHA-256 hex of `text`. */
  id: string;
}

function graphqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? graphqlFiles(join(dir, entry.name)) : entry.name.endsWith('.graphql') ? [join(dir, entry.name)] : []))
    .sort();
}

export function loadSourceFiles(dir = OPERATIONS_DIR): SourceFile[] {
  const root = resolve(__dirname, '../..');
  return graphqlFiles(dir).map((file) => {
    const location = relative(root, file).split('\\').join('/');
    try {
      return { location, document: parse(readFileSync(file, 'utf8'), { noLocation: true }) };
    } catch (error) {
      throw new Error(`${location}: ${(error as Error).message}`);
    }
  });
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function fragmentsUsed(root: DefinitionNode, fragments: Map<string, FragmentDefinitionNode>, found = new Map<string, FragmentDefinitionNode>()) {
  visit(root, {
    FragmentSpread(spread) {
      const name = spread.name.value;
      if (found.has(name)) return;
      const fragment = fragments.get(name);
      if (!fragment) throw new Error(`Unknown fragment "${name}" (no client/operations file defines it)`);
      found.set(name, fragment);
      fragmentsUsed(fragment, fragments, found);
    },
  });
  return found;
}

/** Pure: the trusted documents of a set of source files, sorted by operation name. Throws on duplicates and anonymous or subscription operations. */
export function trustedDocuments(files: SourceFile[]): TrustedDocument[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations = new Map<string, { node: OperationDefinitionNode; location: string }>();
  for (const { location, document } of files) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        if (fragments.has(definition.name.value)) throw new Error(`${location}: fragment ${definition.name.value} is defined twice`);
        fragments.set(definition.name.value, definition);
      } else if (definition.kind === Kind.OPERATION_DEFINITION) {
        const name = definition.name?.value;
        if (!name) throw new Error(`${location}: every operation needs a name (it names the generated document and the log lines)`);
        if (definition.operation === 'subscription') throw new Error(`${location}: ${name} is a subscription; the gateway serves none`);
        if (operations.has(name)) throw new Error(`${location}: operation ${name} is also defined in ${operations.get(name)!.location}`);
        operations.set(name, { node: definition, location });
      } else {
        throw new Error(`${location}: only operations and fragments belong in client/operations`);
      }
    }
  }
  return [...operations.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, { node }]) => {
      const used = [...fragmentsUsed(node, fragments).values()].sort((a, b) => (a.name.value < b.name.value ? -1 : 1));
      const text = print({ kind: Kind.DOCUMENT, definitions: [node, ...used] });
      return { name, kind: node.operation as 'query' | 'mutation', text, id: sha256Hex(text) };
    });
}

/** The manifest the gateway loads: id → document text. */
export function manifestOf(documents: TrustedDocument[]): Record<string, string> {
  return Object.fromEntries(documents.map((d) => [d.id, d.text]));
}
