/** The two SLA tiers of the seed plan, defined once in common/sla-tiers.ts (the gateway measures against them too). */
export { TIERS, SERVICE_LEVELS, type Tier, type ServiceLevel } from '../../common/sla-tiers';
import type { Tier } from '../../common/sla-tiers';

export type Channel = 'BETA' | 'EXPERIMENTAL';

/** The EXPERIMENTAL channel is the earlier-access superset: it also gets BETA-tier features. */
export function channelAllowsTier(channel: Channel, tier: Tier): boolean {
  return tier === 'BETA' || channel === 'EXPERIMENTAL';
}
