/**
 * What the popup and the options page ask the background, which alone holds the session (two
 * holders of one refresh token could both renew it, and the second renewal ends the session).
 */
import type { AgreementKind, Sentiment } from '../../../client/generated/graphql';
import type { Settings } from './state';

export type Command =
  | { type: 'agreements' }
  | { type: 'join'; email: string; password: string; displayName: string; acceptVersionIds: string[]; experimental: boolean }
  | { type: 'signIn'; email: string; password: string }
  | { type: 'signOut' }
  | { type: 'poll' }
  | { type: 'acceptAgreements'; versionIds: string[] }
  | { type: 'feedback'; slug: string; sentiment: Sentiment; comment?: string; clientRequestId: string }
  | { type: 'dismissPrompt'; slug: string }
  | { type: 'dismissNotices' }
  | { type: 'saveSettings'; settings: Settings };

/** An agreement as the join form shows it. */
export interface AgreementView {
  kind: AgreementKind;
  title: string;
  required: boolean;
  versionId: string;
  version: string;
  text: string;
}

/** A refusal in words; `field` names the form field at fault when the gateway said which. */
export interface Refusal {
  ok: false;
  message: string;
  code: string;
  field?: string;
}

export type Reply<T = object> = ({ ok: true } & T) | Refusal;

export interface Replies {
  agreements: Reply<{ agreements: AgreementView[] }>;
  join: Reply;
  signIn: Reply;
  signOut: Reply;
  poll: Reply;
  acceptAgreements: Reply;
  feedback: Reply;
  dismissPrompt: Reply;
  dismissNotices: Reply;
  saveSettings: Reply<{ settings: Settings }>;
}

export type ReplyTo<C extends Command> = Replies[C['type']];
