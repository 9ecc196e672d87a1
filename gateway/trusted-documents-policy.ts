/** Whether a caller may run a document, and what Apollo's persisted-query refusals should say. Pure. */

export interface DocumentRequest {
  /** The document is in the manifest (sent by id, or as the identical text). */
  registered: boolean;
  /** The verified caller's roles (none without a sign-in). */
  roles: readonly string[];
}

export interface TrustedDocumentsPolicy {
  trustedOnly: boolean;
  exemptRoles: readonly string[];
}

export function mayRun(request: DocumentRequest, policy: TrustedDocumentsPolicy): boolean {
  return !policy.trustedOnly || request.registered || request.roles.some((role) => policy.exemptRoles.includes(role));
}

/** Apollo's own refusal of an unknown id says only "PersistedQueryNotFound". */
export const UNKNOWN_ID_MESSAGE =
  'No registered operation has this id (extensions.persistedQuery.sha256Hash). The client is older or newer than this server: update it, or register the operation in client/operations and deploy.';

/** Apollo's other persisted-query refusals, which carry no code (so they would read as internal errors), by their message. */
export const PERSISTED_QUERY_REFUSALS: Record<string, string> = {
  'provided sha does not match query':
    'The id in extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent with it. Send a registered id alone (docs/CLIENTS.md).',
  'Unsupported persisted query version': 'Only version 1 of the persisted-query extension is supported: send extensions.persistedQuery.version = 1.',
};
