/** What no answer to a client may contain: stack frames, file paths, internal addresses. */
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** Every leak found in a response text (empty when clean). */
export function leaksIn(text: string): string[] {
  const found: string[] = [];
  if (text.includes('node_modules')) found.push('a node_modules path');
  if (text.includes(ROOT) || text.includes('/work/')) found.push('a file path of the checkout');
  // A stack frame ("    at parse (/…/json.js:93:21)"), raw or JSON-escaped.
  if (/(^|\n|\\n)\s*at \S/.test(text)) found.push('a stack trace line');
  if (/127\.0\.0\.1|localhost:\d|\[::1\]/.test(text)) found.push('an internal address');
  if (/<html|<!DOCTYPE/i.test(text)) found.push('an HTML page');
  return found;
}
