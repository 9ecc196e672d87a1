/** The two SLA tiers of the seed plan ("one for beta services and one for experimental services"). */
export const TIERS = ['BETA', 'EXPERIMENTAL'] as const;
export type Tier = (typeof TIERS)[number];

export interface ServiceLevel {
  tier: Tier;
  /** Monthly availability objective, percent. */
  availabilityTarget: number;
  /** Hours to a first support answer; null means best effort. */
  supportResponseHours: number | null;
  description: string;
}

export const SERVICE_LEVELS: Record<Tier, ServiceLevel> = {
  BETA: {
    tier: 'BETA',
    availabilityTarget: 99.5,
    supportResponseHours: 24,
    description: 'Beta: heading for production; kept running, answered within a day, data kept across revisions.',
  },
  EXPERIMENTAL: {
    tier: 'EXPERIMENTAL',
    availabilityTarget: 95,
    supportResponseHours: null,
    description: 'Experimental: may change, break or disappear without notice; heavily instrumented; best-effort support.',
  },
};

export type Channel = 'BETA' | 'EXPERIMENTAL';

/** The EXPERIMENTAL channel is the earlier-access superset: it also gets BETA-tier features. */
export function channelAllowsTier(channel: Channel, tier: Tier): boolean {
  return tier === 'BETA' || channel === 'EXPERIMENTAL';
}
