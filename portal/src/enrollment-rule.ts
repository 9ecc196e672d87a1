/** Which choice the portal offers for a live experiment the account does not get. Pure. */
import type { SuspensionReason } from '../../client';

/** Opted out, or not opted into a per-experiment one: offer to opt in. Otherwise the account is in by its choice or its channel: offer to opt out. */
export function offeredChoice(reasons: readonly SuspensionReason[]): 'optIn' | 'optOut' {
  return reasons.includes('OPTED_OUT') || reasons.includes('NOT_ENROLLED') ? 'optIn' : 'optOut';
}
