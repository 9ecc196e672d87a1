/**
 * What a client is told when a request fails before GraphQL sees it (body parsing, transport):
 * a GraphQL-over-HTTP error body with a code and a message saying what to change — never the
 * exception's text, stack or file paths. Pure: the error in, status and body out.
 */
export interface TransportRefusal {
  status: number;
  body: { errors: { message: string; extensions: { code: string } }[] };
  /** 4xx are the client's mistake (logged at info); anything else is ours (logged with its stack). */
  internal: boolean;
}

interface HttpishError {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  limit?: unknown;
  charset?: unknown;
  encoding?: unknown;
}

const shown = (value: unknown) => String(value).replace(/[^\w.+-]/g, '').slice(0, 40);

/** Messages for the errors of body-parser/raw-body, by their `type`. */
const BY_TYPE: Record<string, (e: HttpishError) => string> = {
  'entity.parse.failed': () =>
    'The request body is not valid JSON. Send a JSON object such as {"query": "{ me { id } }", "variables": {}} with content-type: application/json.',
  'entity.too.large': (e) =>
    `The request body is too large: the limit is ${typeof e.limit === 'number' ? `${e.limit} bytes` : 'exceeded'}. Send a smaller document or fewer variables.`,
  'charset.unsupported': (e) =>
    `The charset "${shown(e.charset)}" is not supported. Send the body as UTF-8 (content-type: application/json; charset=utf-8).`,
  'encoding.unsupported': (e) =>
    `The content-encoding "${shown(e.encoding)}" is not supported. Send the body uncompressed, or with gzip, deflate or br.`,
  'request.aborted': () => 'The request body ended before it was complete. Send the whole body again.',
  'request.size.invalid': () => 'The request body does not have the length its content-length header announces. Send it again.',
  'parameters.too.many': () => 'The request has too many parameters. Send fewer.',
};

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 413: 'Payload Too Large', 415: 'Unsupported Media Type' };

export const internalErrorMessage = (requestId: string) =>
  `Internal error: the request failed on our side. Retry later; if it persists, report it with the request id ${requestId}.`;

function statusOf(error: HttpishError): number {
  const status = Number(error.status ?? error.statusCode);
  return Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
}

export function transportRefusal(error: unknown, requestId: string): TransportRefusal {
  const e = (error ?? {}) as HttpishError;
  const status = statusOf(e);
  if (status >= 500) {
    return { status: 500, internal: true, body: { errors: [{ message: internalErrorMessage(requestId), extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } };
  }
  const describe = typeof e.type === 'string' ? BY_TYPE[e.type] : undefined;
  const message = describe
    ? describe(e)
    : `The request could not be read (HTTP ${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ''}). Check its body, content-type and content-encoding.`;
  return { status, internal: false, body: { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] } };
}

/** An unknown path: JSON like every other answer, saying where the API is. */
export function notFoundRefusal(method: string, path: string, hint: string) {
  const where = `${shown(method)} ${path.slice(0, 200)}`;
  return { errors: [{ message: `Nothing is served at ${where}. ${hint}`, extensions: { code: 'NOT_FOUND' } }] };
}
