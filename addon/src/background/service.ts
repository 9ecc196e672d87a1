/**
 * The background's commands, one at a time: a poll, a join and a feedback never overlap, so the
 * session is renewed by one request at most and the state is written in order. Holds no browser
 * API (main.ts wires it to messages and alarms), so tests run it in Node against the gateway.
 */
import { AcceptAgreementsDocument, AgreementsDocument, SignInDocument, SignOutDocument, SubmitFeedbackDocument, type FetchLike } from '../../../client';
import type { AgreementView, Command, Reply, ReplyTo } from '../shared/messages';
import type { AddonState, Settings } from '../shared/state';
import { KEYS, loadSettings, loadState, type KeyValueStorage } from '../shared/storage';
import { checkSettings } from '../rules/settings';
import { feedbackSent, noticesDismissed, promptDismissed, sessionEnded } from '../rules/state-changes';
import { join } from './join';
import { hasSession, openClient, type AddonClient } from './open-client';
import { poll } from './poll';
import { refusal } from './refusal';

export interface ServiceDeps {
  storage: KeyValueStorage;
  /** Sent with feedback: the add-on's version, the browser, the user's language (BCP 47). */
  clientInfo: { version: string; platform: string; locale(): string };
  fetch?: FetchLike;
  now?: () => Date;
}

const NOT_SIGNED_IN: Reply = { ok: false, code: 'UNAUTHENTICATED', message: 'Join the beta or sign in first.' };

export class AddonService {
  private queue: Promise<unknown> = Promise.resolve();
  private opened: AddonClient | undefined;
  private readonly now: () => Date;

  constructor(private readonly deps: ServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Runs a command after the ones before it. Never rejects: a bug in the add-on comes back as a refusal. */
  handle<C extends Command>(command: C): Promise<ReplyTo<C>> {
    const run = () => this.run(command).catch((error: unknown) => ({
      ok: false as const, code: 'INTERNAL', message: `Something went wrong in the add-on: ${error instanceof Error ? error.message : String(error)}`,
    }));
    const result = this.queue.then(run, run);
    this.queue = result;
    return result as Promise<ReplyTo<C>>;
  }

  private async run(command: Command): Promise<Reply<object>> {
    switch (command.type) {
      case 'agreements': return this.agreements();
      case 'join': {
        const { client } = await this.client();
        const reply = await join(client, this.deps.storage, command);
        // Signed up even if a later step failed: show the account and what is still to do.
        if (await hasSession(this.deps.storage)) await this.pollAndSave(this.newSession());
        return this.saved(reply);
      }
      case 'signIn': {
        const { client } = await this.client();
        const signIn = await client.request(SignInDocument, { input: { email: command.email, password: command.password } });
        if (!signIn.ok) return this.saved(refusal('signIn', signIn.error));
        await client.setSession(signIn.data.signIn);
        await this.pollAndSave(this.newSession());
        return this.saved({ ok: true });
      }
      case 'signOut': return this.signOut();
      case 'poll': {
        if (!(await hasSession(this.deps.storage))) return NOT_SIGNED_IN;
        const failure = await this.pollAndSave(await loadState(this.deps.storage));
        return this.saved(failure ? { ok: false, ...failure } : { ok: true });
      }
      case 'acceptAgreements': {
        if (!(await hasSession(this.deps.storage))) return NOT_SIGNED_IN;
        const { client } = await this.client();
        const accepted = await client.request(AcceptAgreementsDocument, { versionIds: command.versionIds });
        if (!accepted.ok) return this.saved(refusal('accept', accepted.error));
        await this.pollAndSave(await loadState(this.deps.storage));
        return this.saved({ ok: true });
      }
      case 'feedback': return this.feedback(command);
      case 'dismissPrompt': return this.update((state) => promptDismissed(state, command.slug));
      case 'dismissNotices': return this.update(noticesDismissed);
      case 'saveSettings': return this.saveSettings(command.settings);
    }
  }

  /** The state of a session that just started: nothing known of the account before its first poll. */
  private newSession(): AddonState {
    return { ...sessionEnded(this.now()), signedIn: true };
  }

  private async client(): Promise<AddonClient> {
    const { gatewayUrl } = await loadSettings(this.deps.storage);
    if (this.opened?.url !== gatewayUrl) this.opened = await openClient(this.deps.storage, gatewayUrl, this.deps.fetch);
    return this.opened;
  }

  /** Writes the ETags the command's requests left (the worker may be stopped any time after). */
  private async saved<T extends Reply<object>>(reply: T): Promise<T> {
    await this.opened?.saveEtags();
    return reply;
  }

  private async update(change: (state: AddonState) => AddonState): Promise<Reply> {
    await this.deps.storage.set(KEYS.state, change(await loadState(this.deps.storage)));
    return { ok: true };
  }

  private async pollAndSave(state: AddonState): Promise<{ code: string; message: string } | undefined> {
    const { client } = await this.client();
    const result = await poll(client, state, this.now);
    await this.deps.storage.set(KEYS.state, result.state);
    return result.failure;
  }

  private async agreements(): Promise<Reply<{ agreements: AgreementView[] }>> {
    const { client } = await this.client();
    const result = await client.request(AgreementsDocument);
    if (!result.ok) return this.saved(refusal('agreements', result.error));
    const agreements = result.data.agreements.flatMap((a): AgreementView[] => (a.currentVersion
      ? [{ kind: a.kind, title: a.title, required: a.required, versionId: a.currentVersion.id, version: a.currentVersion.version, text: a.currentVersion.text }]
      : []));
    return this.saved({ ok: true, agreements });
  }

  private async signOut(): Promise<Reply> {
    const { client } = await this.client();
    // Ends the session at the gateway too; signed out here whatever it answers.
    if (await hasSession(this.deps.storage)) await client.request(SignOutDocument);
    await client.setSession(null);
    await this.deps.storage.set(KEYS.state, sessionEnded(this.now()));
    return this.saved({ ok: true });
  }

  private async feedback(command: Extract<Command, { type: 'feedback' }>): Promise<Reply> {
    const state = await loadState(this.deps.storage);
    const feature = state.features.find((f) => f.slug === command.slug);
    if (!feature) return { ok: false, code: 'NOT_FOUND', message: `${command.slug} is no longer enabled for you, so there is nothing to send feedback on.` };
    const { client } = await this.client();
    const sent = await client.request(SubmitFeedbackDocument, {
      input: {
        experiment: feature.slug, revision: feature.version, sentiment: command.sentiment,
        ...(command.comment?.trim() ? { comment: command.comment.trim() } : {}),
        locale: this.deps.clientInfo.locale(), clientVersion: this.deps.clientInfo.version, platform: this.deps.clientInfo.platform,
        clientRequestId: command.clientRequestId,
      },
    });
    // RATE_LIMITED: feedback on it was already sent today (from here or elsewhere): stop asking today.
    if (sent.ok || sent.error.code === 'RATE_LIMITED') {
      await this.deps.storage.set(KEYS.state, feedbackSent(await loadState(this.deps.storage), feature.slug, this.now()));
    }
    return this.saved(sent.ok ? { ok: true } : refusal('feedback', sent.error));
  }

  private async saveSettings(input: { gatewayUrl: string; pollMinutes: number }): Promise<Reply<{ settings: Settings }>> {
    const checked = checkSettings(input);
    if (!checked.ok) return { ok: false, code: 'BAD_USER_INPUT', field: checked.field, message: checked.message };
    const before = await loadSettings(this.deps.storage);
    if (before.gatewayUrl !== checked.settings.gatewayUrl) {
      // A session and cached answers belong to one gateway: another one starts signed out.
      await Promise.all([KEYS.session, KEYS.etags].map((key) => this.deps.storage.remove(key)));
      await this.deps.storage.set(KEYS.state, sessionEnded(this.now()));
      this.opened = undefined;
    }
    await this.deps.storage.set(KEYS.settings, checked.settings);
    return { ok: true, settings: checked.settings };
  }
}
