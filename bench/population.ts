/**
 * The seeded population as rules over an account number n (1..BENCH_ACCOUNTS). The same rules
 * write the SQL (seed.ts) and predict what the Bootstrap query must return (verify.ts), so the
 * check before measuring compares the API against the data that was actually seeded.
 *
 * Ids are derived from n (an md5 shaped as a version-4 UUID), so the three databases, which cannot
 * join each other, agree on every account id without copying ids between them.
 */

export interface Rule {
  mod: number;
  rem: number;
}

export const ruleSql = (rule: Rule, n = 'n') => `(${n} % ${rule.mod} = ${rule.rem})`;
export const ruleHolds = (rule: Rule, n: number) => n % rule.mod === rule.rem;

/** 5% signed up and never accepted anything; 5% accepted only the Terms of Service; 90% are compliant. */
export const NO_CONSENT: Rule = { mod: 20, rem: 0 };
export const TERMS_ONLY: Rule = { mod: 20, rem: 10 };
/** 20% also accepted the experimental opt-in (all of them compliant: n % 5 = 1 never meets n % 20 in {0, 10}). */
export const EXPERIMENTAL_OPT_IN: Rule = { mod: 5, rem: 1 };
/** 10% joined the EXPERIMENTAL channel (a subset of the opt-in, as joinChannel requires). */
export const EXPERIMENTAL_CHANNEL: Rule = { mod: 10, rem: 1 };

export type ConsentShape = 'NONE' | 'TERMS_ONLY' | 'COMPLIANT';

export interface SeededAccount {
  n: number;
  email: string;
  channel: 'BETA' | 'EXPERIMENTAL';
  consent: ConsentShape;
  experimentalOptIn: boolean;
}

export function accountFacts(n: number): SeededAccount {
  const consent: ConsentShape = ruleHolds(NO_CONSENT, n) ? 'NONE' : ruleHolds(TERMS_ONLY, n) ? 'TERMS_ONLY' : 'COMPLIANT';
  return {
    n,
    email: accountEmail(n),
    channel: ruleHolds(EXPERIMENTAL_CHANNEL, n) ? 'EXPERIMENTAL' : 'BETA',
    consent,
    experimentalOptIn: consent === 'COMPLIANT' && ruleHolds(EXPERIMENTAL_OPT_IN, n),
  };
}

export const accountEmail = (n: number) => `bench-${n}@beta.example.org`;
export const EMAIL_SQL = (n = 'n') => `'bench-' || ${n} || '@beta.example.org'`;
export const ACCOUNT_NUMBER = /^bench-(\d+)@beta\.example\.org$/;

/** A version-4-shaped UUID from md5(namespace:n): random-looking, reproducible in every database. */
export function uuidSql(namespace: 'account' | 'session', n = 'n'): string {
  const h = `md5('bench-${namespace}:' || ${n})`;
  return `(overlay(overlay(${h} placing '4' from 13) placing substr('89ab', ((('x' || substr(${h}, 17, 1))::bit(4)::int) & 3) + 1, 1) from 17))::uuid`;
}

/** When account n signed up (spread over the past year), truncated to milliseconds like a JavaScript Date. */
export const createdAtSql = (n = 'n') => `date_trunc('milliseconds', now() - make_interval(secs => ((${n}::bigint * 7919) % 31536000)::double precision))`;

export const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0 BetaAddon/1.4';

export interface ExperimentSpec {
  slug: string;
  tier: 'BETA' | 'EXPERIMENTAL';
  optInPolicy: 'CHANNEL' | 'PER_EXPERIMENT';
  rolloutPercent: number;
  hasUserData: boolean;
  requiredAgreements: string[];
  /** Released in this order; accounts get the last. */
  revisions: string[];
  /** Where it ends up: live and served, live but paused (listed as suspended), or never launched. */
  finalStatus: 'IN_BETA' | 'PAUSED' | 'PROPOSED';
}

const spec = (slug: string, tier: ExperimentSpec['tier'], optInPolicy: ExperimentSpec['optInPolicy'], rolloutPercent: number, more: Partial<ExperimentSpec> = {}): ExperimentSpec => ({
  slug, tier, optInPolicy, rolloutPercent, hasUserData: false, requiredAgreements: [], revisions: ['1.0.0'], finalStatus: 'IN_BETA', ...more,
});

/** Ten served experiments (mixed tiers, policies and rollouts), one paused, one still proposed. */
export const EXPERIMENTS: ExperimentSpec[] = [
  spec('bench-sync-tabs', 'BETA', 'CHANNEL', 100),
  spec('bench-reader-view', 'BETA', 'CHANNEL', 50),
  spec('bench-smart-search', 'BETA', 'CHANNEL', 10),
  spec('bench-send-tab', 'BETA', 'CHANNEL', 100, { revisions: ['1.0.0', '1.1.0', '1.2.0'] }),
  spec('bench-dark-reader', 'BETA', 'CHANNEL', 75, { hasUserData: true, requiredAgreements: ['PRIVACY_POLICY'] }),
  spec('bench-tab-groups', 'BETA', 'PER_EXPERIMENT', 100),
  spec('bench-vpn-lite', 'BETA', 'PER_EXPERIMENT', 30, { revisions: ['1.0.0', '2.0.0'] }),
  spec('bench-ai-summary', 'EXPERIMENTAL', 'CHANNEL', 100, { hasUserData: true, requiredAgreements: ['EXPERIMENTAL_OPT_IN'] }),
  spec('bench-voice-nav', 'EXPERIMENTAL', 'CHANNEL', 25),
  spec('bench-gesture-lab', 'EXPERIMENTAL', 'PER_EXPERIMENT', 100),
  spec('bench-paused-widget', 'BETA', 'CHANNEL', 100, { finalStatus: 'PAUSED' }),
  spec('bench-proposed-idea', 'BETA', 'CHANNEL', 100, { finalStatus: 'PROPOSED', revisions: [] }),
];

export interface EnrollmentRule {
  slug: string;
  status: 'OPTED_IN' | 'OPTED_OUT';
  rule: Rule;
}

/** Explicit choices (rules chosen so that one account never has two rows for one experiment). */
export const ENROLLMENTS: EnrollmentRule[] = [
  { slug: 'bench-tab-groups', status: 'OPTED_IN', rule: { mod: 3, rem: 0 } },
  { slug: 'bench-tab-groups', status: 'OPTED_OUT', rule: { mod: 33, rem: 1 } },
  { slug: 'bench-vpn-lite', status: 'OPTED_IN', rule: { mod: 7, rem: 0 } },
  { slug: 'bench-gesture-lab', status: 'OPTED_IN', rule: { mod: 20, rem: 1 } },
  { slug: 'bench-sync-tabs', status: 'OPTED_OUT', rule: { mod: 50, rem: 7 } },
];

export function enrollmentsOf(n: number): Map<string, 'OPTED_IN' | 'OPTED_OUT'> {
  return new Map(ENROLLMENTS.filter((e) => ruleHolds(e.rule, n)).map((e) => [e.slug, e.status]));
}
