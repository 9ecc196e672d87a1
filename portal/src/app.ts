/** What every view gets: the typed client's request, the session, the status line and navigation. */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Result, SessionTokens, VariablesArgument } from '../../client';

export interface Viewer {
  id: string;
  displayName: string;
  roles: string[];
}

export interface App {
  /** client.request; a session the gateway no longer accepts (after the client's one renewal) signs out. */
  request<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, ...variables: VariablesArgument<TVariables>): Promise<Result<TData>>;
  /** After SignUp or SignIn: keeps the tokens for the following requests. */
  startSession(tokens: SessionTokens): Promise<void>;
  /** Shows the account page afresh and says `message`. */
  home(message: string): Promise<void>;
  /** After SignOut or DeleteAccount, or when the session ended: forgets the tokens and says `message`. */
  endSession(message: string): Promise<void>;
  readonly viewer: Viewer | null;
  /** The polite status line (aria-live): what just happened. */
  announce(message: string): void;
  /**
   * Draws the current page again with fresh data, keeping the keyboard focus where it was when it
   * can, then says `message` (after drawing: the status describes the page as it is now).
   */
  refresh(message?: string): Promise<void>;
  /** Shows a route such as '#/staff/<slug>'. */
  go(route: string): Promise<void>;
}
