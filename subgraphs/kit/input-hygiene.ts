/**
 * One check for every subgraph, before any resolver runs (graphql-endpoint.ts refuses with it):
 * string arguments that PostgreSQL cannot store (NUL, "invalid byte sequence for encoding UTF8: 0x00"), that are not valid Unicode (a
 * lone UTF-16 surrogate, which the pg driver would silently store as U+FFFD) or that carry
 * terminal control codes (ESC, BEL, backspace, C1; tabs and line breaks are fine) are refused as
 * BAD_USER_INPUT naming the argument path. Covers variables and inline literals, nested input
 * objects and lists alike, so no resolver needs its own check.
 */
import { Kind, visit, type DocumentNode, type ValueNode } from 'graphql';

export interface BadText {
  path: string;
  problem: string;
}

// In a /u regex \p{Cs} matches only surrogates that are not part of a pair.
const LONE_SURROGATE = /\p{Cs}/u;
/**
 * C0 controls other than tab, line feed and carriage return, DEL, and C1 controls: no text of
 * ours needs them, and stored they reach staff screens and terminals (ESC [ … is an ANSI escape
 * sequence, U+009B its one-character form).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Pure: why this text cannot be accepted, or null. */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character (U+0000), which text cannot hold; remove it and send again.';
  if (LONE_SURROGATE.test(text)) return 'is not valid Unicode (it has an unpaired UTF-16 surrogate); send well-formed UTF-8 text.';
  const control = CONTROL.exec(text);
  if (control) {
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return `contains a control character (${code}); only tabs and line breaks are allowed. Remove it and send again.`;
  }
  return null;
}

/** Pure: the first unacceptable string in a JSON value (as variables arrive), with its path. */
export function findBadText(value: unknown, path: string): BadText | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { path, problem } : null;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const bad = findBadText(item, `${path}[${i}]`);
      if (bad) return bad;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const bad = findBadText(item, `${path}.${key}`);
      if (bad) return bad;
    }
  }
  return null;
}

interface DocumentInputs {
  /** The first unacceptable inline literal, if any. */
  bad: BadText | null;
  /** Each variable's first argument path. */
  usedAt: Map<string, string>;
}

/** Pure: what the document itself holds: its first unacceptable inline literal, and where each variable is used. */
function documentInputs(document: DocumentNode): DocumentInputs {
  const usedAt = new Map<string, string>();
  let bad: BadText | null = null;
  const walk = (node: ValueNode, path: string): void => {
    if (bad) return;
    if (node.kind === Kind.STRING) {
      const problem = textProblem(node.value);
      if (problem) bad = { path, problem };
    } else if (node.kind === Kind.VARIABLE) {
      if (!usedAt.has(node.name.value)) usedAt.set(node.name.value, path);
    } else if (node.kind === Kind.LIST) {
      node.values.forEach((item, i) => walk(item, `${path}[${i}]`));
    } else if (node.kind === Kind.OBJECT) {
      for (const field of node.fields) walk(field.value, `${path}.${field.name.value}`);
    }
  };
  visit(document, { Argument: (arg) => walk(arg.value, arg.name.value) });
  return { bad, usedAt };
}

// The document cache hands every request with the same text the same parsed document, so the walk
// runs once per distinct query rather than on every request.
const walked = new WeakMap<DocumentNode, DocumentInputs>();

/**
 * Pure: the first unacceptable string in the operation's arguments. Inline literals are checked
 * where they stand; a variable's value is checked under the argument path it is used at (so the
 * message says `input.email` whatever the client named the variable), `$name` if unused.
 */
export function findBadInput(document: DocumentNode, variables: Record<string, unknown>): BadText | null {
  let inputs = walked.get(document);
  if (!inputs) walked.set(document, (inputs = documentInputs(document)));
  if (inputs.bad) return inputs.bad;
  for (const [name, value] of Object.entries(variables)) {
    const found = findBadText(value, inputs.usedAt.get(name) ?? `$${name}`);
    if (found) return found;
  }
  return null;
}
