/** docker-compose.yml and .env.example as data, for the deployment tests. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const ROOT = resolve(__dirname, '../..');

export interface ComposeService {
  build?: unknown;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: string[] | Record<string, { condition: string }>;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

/** The file as docker-compose reads it: YAML merge keys (`<<: *anchor`) applied. */
export function loadCompose(): ComposeFile {
  return parse(readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;
}

/** Services built from this repository (the gateway and subgraph processes), not third-party images. */
export const appServices = (compose: ComposeFile) => Object.entries(compose.services).filter(([, s]) => s.build !== undefined);

/** The TypeScript source of the compiled entry a service runs (`node … dist/gateway/main.js` → gateway/main.ts). */
export function sourceEntry(service: ComposeService): string | undefined {
  const compiled = service.command?.find((arg) => /^dist\/.+\.js$/.test(arg));
  return compiled?.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

/** Names interpolated from the env file (`${NAME}`, `${NAME:?message}`, …) anywhere in the compose file. */
export function interpolatedNames(): Set<string> {
  const text = readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8');
  return new Set([...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));
}

/** KEY=value lines of .env.example. */
export function envExample(): Record<string, string> {
  const lines = readFileSync(resolve(ROOT, '.env.example'), 'utf8').split('\n');
  return Object.fromEntries(
    lines
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}
