/** Consent helpers for tests: read the current versions, accept them. */
import { gql, type GqlOptions } from './graphql-client';

export interface CurrentVersion {
  kind: string;
  id: string;
  version: string;
}

export async function currentVersions(options: GqlOptions = {}): Promise<Record<string, CurrentVersion>> {
  const res = await gql<{ agreements: { kind: string; currentVersion: { id: string; version: string } | null }[] }>(
    `{ agreements { kind currentVersion { id version } } }`, {}, options,
  );
  if (!res.data) throw new Error(`agreements failed: ${JSON.stringify(res.errors)}`);
  return Object.fromEntries(res.data.agreements.filter((a) => a.currentVersion).map((a) => [a.kind, { kind: a.kind, ...a.currentVersion! }]));
}

/** Accepts the current versions of the given kinds for the token's account. */
export async function acceptCurrent(token: string, kinds: string[], options: GqlOptions = {}) {
  const versions = await currentVersions(options);
  const res = await gql<{ acceptAgreements: { compliant: boolean; experimentalOptIn: boolean } }>(
    `mutation($ids: [ID!]!) { acceptAgreements(versionIds: $ids) { compliant experimentalOptIn } }`,
    { ids: kinds.map((k) => versions[k].id) },
    { ...options, token },
  );
  if (!res.data) throw new Error(`acceptAgreements failed: ${JSON.stringify(res.errors)}`);
  return res.data.acceptAgreements;
}
