/**
 * Parse and validate each distinct operation text once. A subgraph answers only the gateway, which
 * sends the few operations its query plans hold, so after warm-up every request finds its document
 * here and skips parsing and validation. Failures are not kept: they come from a broken or hostile
 * signed caller, and each says what is wrong (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED with
 * GraphQL's own message and location).
 */
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';

export type Prepared = { document: DocumentNode; errors?: undefined } | { document?: undefined; errors: readonly GraphQLError[] };

/** Operation texts kept; well above what the gateway's plans hold, and bounded in bytes too. */
const MAX_DOCUMENTS = 1000;
const MAX_TEXT_BYTES = 16 * 1024 * 1024;

function coded(errors: readonly GraphQLError[], code: string): GraphQLError[] {
  return errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, originalError: e.originalError, extensions: { ...e.extensions, code } }));
}

export class DocumentCache {
  private readonly documents = new LRUCache<string, DocumentNode>({ max: MAX_DOCUMENTS, maxSize: MAX_TEXT_BYTES, sizeCalculation: (_doc, text) => text.length || 1 });

  constructor(private readonly schema: GraphQLSchema) {}

  prepare(text: string): Prepared {
    const known = this.documents.get(text);
    if (known) return { document: known };
    let document: DocumentNode;
    try {
      document = parse(text);
    } catch (error) {
      if (error instanceof GraphQLError) return { errors: coded([error], 'GRAPHQL_PARSE_FAILED') };
      throw error;
    }
    const invalid = validate(this.schema, document, specifiedRules);
    if (invalid.length > 0) return { errors: coded(invalid, 'GRAPHQL_VALIDATION_FAILED') };
    this.documents.set(text, document);
    return { document };
  }
}
