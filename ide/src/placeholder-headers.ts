/**
 * The headers GraphiQL's editor holds, minus any whose value still contains a placeholder in angle
 * brackets (`Bearer <access token …>`). Pure, and free of the DOM (test/unit imports it).
 *
 * The editor is pre-filled with such a placeholder so the Authorization header is one paste away;
 * sent as it is, the gateway would refuse every request (schema included) as UNAUTHENTICATED. A real
 * access token never holds `<` or `>`, so until one is pasted the requests go anonymous.
 */
const PLACEHOLDER = /<[^<>]*>/;

export function withoutPlaceholders(headers: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([, value]) => !(typeof value === 'string' && PLACEHOLDER.test(value))));
}
