/**
 * What the add-on keeps in storage: the settings, and the state the popup shows (written by the
 * background after each poll or command, read by the popup, which re-renders when it changes).
 * Plain JSON: storage holds nothing else.
 */
import type { Channel, ExperimentOutcome, ExperimentTier, SuspensionReason } from '../../../client/generated/graphql';

export interface Settings {
  /** The gateway's GraphQL endpoint. */
  gatewayUrl: string;
  /** How often Bootstrap runs in the background. */
  pollMinutes: number;
}

export const DEFAULT_SETTINGS: Settings = { gatewayUrl: 'http://localhost:4000/graphql', pollMinutes: 15 };

export interface AccountView {
  id: string;
  email: string | null;
  channel: Channel;
  /** Null while the agreements service could not say. */
  compliant: boolean | null;
  pending: { kind: string; version: string }[];
  experimentalOptIn: boolean;
}

/** An enabled feature: what the browser fetches (url), verifies (sha256) and installs (addonId). */
export interface FeatureView {
  slug: string;
  tier: ExperimentTier;
  version: string;
  addonId: string;
  url: string;
  sha256: string;
}

export interface SuspendedView {
  slug: string;
  reason: SuspensionReason;
}

export interface EndedView {
  slug: string;
  name: string;
  outcome: ExperimentOutcome;
  endedAt: string;
  reason: string | null;
  /** The add-on of the last revision: the one to remove. */
  addonId: string | null;
}

/** Something the user is told once (and may dismiss): a feature ended, graduated, was paused or came back. */
export interface Notice {
  id: string;
  slug: string;
  kind: 'graduated' | 'ended' | 'suspended' | 'back' | 'session';
  text: string;
  at: string;
}

/** Per feature: when the add-on first listed it, last asked for feedback, last sent feedback (ISO). */
export interface FeedbackRecord {
  firstSeenAt: string;
  lastPromptAt?: string;
  lastSentAt?: string;
}

export interface LastCheck {
  at: string;
  outcome: 'ok' | 'unchanged' | 'failed';
  /** For `failed`: what went wrong, in words. */
  message?: string;
}

export interface AddonState {
  /** A session is held (the account may still be unknown when the first poll failed). */
  signedIn: boolean;
  account: AccountView | null;
  features: FeatureView[];
  /** Only features this add-on listed before: the others the account never had. */
  suspended: SuspendedView[];
  ended: EndedView[];
  notices: Notice[];
  /** The last answer could not say which features are enabled (a service down): the list is the previous one. */
  featuresUnavailable: boolean;
  lastCheck: LastCheck | null;
  /** When suspended and ended features were last read (they are read less often than Bootstrap). */
  detailsAt: string | null;
  feedback: Record<string, FeedbackRecord>;
  /** Features whose feedback prompt is showing. */
  prompts: string[];
}

export const EMPTY_STATE: AddonState = {
  signedIn: false,
  account: null,
  features: [],
  suspended: [],
  ended: [],
  notices: [],
  featuresUnavailable: false,
  lastCheck: null,
  detailsAt: null,
  feedback: {},
  prompts: [],
};
