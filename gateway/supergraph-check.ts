/**
 * Whether a composed supergraph may be served, without composing anything: it must parse, build
 * as a valid supergraph schema (Apollo's own Supergraph.build, strictly validated — the gateway's
 * check is lenient under NODE_ENV=production), and name only subgraphs the gateway knows how to
 * call. And the hash it is reported by: SHA-256 of the file's text, which is also Apollo
 * Gateway's composition id, so logs, metrics and `sha256sum` name a supergraph the same way.
 */
import { createHash } from 'node:crypto';
import { Supergraph } from '@apollo/federation-internals';

export const supergraphHash = (sdl: string) => createHash('sha256').update(sdl, 'utf8').digest('hex');

/** Why `sdl` cannot be served, in one line, or null when it can. */
export function supergraphProblem(sdl: string, knownSubgraphs: readonly string[]): string | null {
  if (sdl.trim() === '') return 'the file is empty';
  let names: string[];
  try {
    names = [...Supergraph.build(sdl, { validateSupergraph: true }).subgraphs().names()];
  } catch (error) {
    // Apollo's messages go on with a source excerpt after a blank line; what is wrong comes before it.
    const message = String((error as Error)?.message ?? error);
    return message.split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, ' ').replace(/\.\./g, '.').slice(0, 300);
  }
  const unknown = names.filter((n) => !knownSubgraphs.includes(n));
  if (unknown.length) return `it names subgraphs the gateway does not know (${unknown.join(', ')}); known: ${knownSubgraphs.join(', ')}`;
  return null;
}
