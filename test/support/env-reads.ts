/**
 * Which environment variables a process reads, found in its source: the files its entry reaches
 * through relative imports, and in them the names passed to envString/envInt (or to a local
 * helper that forwards its `name` to them), `process.env.NAME`, and names built in template
 * literals such as `${prefix}_DATABASE_URL`, whose placeholder stands for a subgraph or SLA tier.
 */
import { readFileSync } from 'node:fs';
import { TIERS } from '../../common/sla-tiers';
import { SUBGRAPH_NAMES } from '../../common/subgraph-registry';
import { reachableFiles } from './import-graph';

const NAME = '[A-Z][A-Z0-9_]*';
/** What a placeholder in a variable name can be: a subgraph (IDENTITY_PORT) or a tier (SUBGRAPH_TIMEOUT_MS_BETA). */
const PLACEHOLDER_VALUES = [...SUBGRAPH_NAMES.map((n) => n.toUpperCase()), ...TIERS];

export interface EnvReads {
  files: string[];
  /** Variables read by a literal name. */
  names: Set<string>;
  /** Variable names built from a template, as patterns (`IDENTITY_PORT` matches `${prefix}_PORT`). */
  templates: string[];
  /** Read without a default (envString with one argument): the process refuses to start without them. */
  required: Set<string>;
  requiredTemplates: string[];
}

/** Template literals that spell a variable name: upper-case parts and placeholders only. */
function templatesIn(text: string): string[] {
  return [...text.matchAll(/`((?:[A-Z0-9_]|\$\{[^}`]+\})+)`/g)].map((m) => m[1]).filter((t) => t.includes('${') && /[A-Z]_|_[A-Z]/.test(t));
}

export function envReads(entry: string): EnvReads {
  const reads: EnvReads = { files: reachableFiles(entry), names: new Set(), templates: [], required: new Set(), requiredTemplates: [] };
  for (const file of reads.files) {
    const text = readFileSync(file, 'utf8');
    // A local helper whose `name` parameter reaches the environment: envString(name…), env[name].
    const forwardsName = /env(?:String|Int)\(\s*name\b|\benv\[name\]/.test(text);
    const helpers = forwardsName ? [...text.matchAll(/(?:function\s+(\w+)\s*\(|const\s+(\w+)\s*=\s*\()\s*name\b/g)].map((m) => m[1] ?? m[2]) : [];
    const readers = ['envString', 'envInt', ...helpers].join('|');
    for (const m of text.matchAll(new RegExp(`\\b(?:${readers})\\(\\s*'(${NAME})'`, 'g'))) reads.names.add(m[1]);
    // process.env.NAME, or env.NAME where a pure config function takes the environment as `env`.
    for (const m of text.matchAll(new RegExp(`(?:process\\.env|\\benv)(?:\\.(${NAME})|\\[\\s*'(${NAME})'\\s*\\])`, 'g'))) reads.names.add(m[1] ?? m[2]);
    reads.templates.push(...templatesIn(text));
    for (const m of text.matchAll(new RegExp(`\\benvString\\(\\s*'(${NAME})'\\s*\\)`, 'g'))) reads.required.add(m[1]);
    // envString(someVar) with someVar = `${prefix}_DATABASE_URL` in the same file.
    for (const m of text.matchAll(/\benvString\(\s*(\w+)\s*\)/g)) {
      const template = text.match(new RegExp(`const\\s+${m[1]}\\s*=\\s*\`([^\`]+)\``))?.[1];
      if (template) reads.requiredTemplates.push(template);
    }
  }
  return reads;
}

/** The names a template can spell, its placeholders filled with `values` (by default any subgraph or tier). */
export function expandTemplate(template: string, values: string[] = PLACEHOLDER_VALUES): string[] {
  const parts = template.split(/\$\{[^}]+\}/);
  let names = [parts[0]];
  for (const part of parts.slice(1)) names = names.flatMap((prefix) => values.map((v) => `${prefix}${v}${part}`));
  return names;
}

export function readsVariable(reads: EnvReads, name: string): boolean {
  return reads.names.has(name) || reads.templates.some((t) => expandTemplate(t).includes(name));
}
