/** The account's channel as its access token states it (identity adds the claim at sign-in and refresh). */
export type Channel = 'BETA' | 'EXPERIMENTAL';

/** Tokens issued before the claim existed name no channel: they count as BETA, the normal quota. */
export function channelClaim(value: unknown): Channel {
  return value === 'EXPERIMENTAL' ? 'EXPERIMENTAL' : 'BETA';
}
