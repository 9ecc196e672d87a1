/** Asks the background, which holds the session, to run a command. */
import { ext } from '../shared/browser-api';
import type { Command, ReplyTo } from '../shared/messages';

export async function ask<C extends Command>(command: C): Promise<ReplyTo<C>> {
  try {
    return await ext.runtime.sendMessage<C, ReplyTo<C>>(command);
  } catch (error) {
    return { ok: false, code: 'INTERNAL', message: `The add-on's background did not answer: ${error instanceof Error ? error.message : String(error)}. Reopen the popup.` } as ReplyTo<C>;
  }
}
