/** The subgraph template (platform/templates/subgraph): `{{placeholder}}` text, rendered with the new subgraph's values. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const TEMPLATE_DIR = resolve(__dirname, '../templates/subgraph');

export const readTemplate = (file: string): string => readFileSync(resolve(TEMPLATE_DIR, file), 'utf8');

/** Fills every `{{key}}`; a placeholder without a value is a template bug, so it throws instead of writing it. */
export function render(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => {
    if (!Object.hasOwn(values, key)) throw new Error(`template placeholder ${whole} has no value`);
    return values[key];
  });
}
