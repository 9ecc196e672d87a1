/** Thin resolvers: validate the caller, call the domain, shape the result. */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap';
import { requireAccount } from '../kit/caller';
import { unauthenticated } from '../kit/errors';
import { DateTime, JSONScalar } from '../kit/scalars';
import { signIn, signUp, findSignedInAccount, type Account, type Channel, type NewSession, type SignUpInput } from './accounts';
import { issueAccessToken } from './access-tokens';
import { revokeSession, rotateRefreshToken } from './sessions';
import { joinChannel } from './channel';
import { requestDeletion, runDeletion } from './deletion';
import { exportMyData } from './data-export';
import type { IdentityContext } from './context';

async function authPayload(ctx: IdentityContext, session: NewSession) {
  ctx.ownAccountIds.add(session.account.id);
  const { token, expiresAt } = await issueAccessToken(await ctx.signingKeys.current(), {
    accountId: session.account.id,
    sessionId: session.sessionId,
    roles: session.account.roles,
    channel: session.account.channel,
  });
  return { accessToken: token, accessTokenExpiresAt: expiresAt, refreshToken: session.refreshToken, account: session.account };
}

export const resolvers: GraphQLResolverMap<IdentityContext> = {
  DateTime,
  JSON: JSONScalar,
  Query: {
    exportMyData: (_: unknown, __: unknown, ctx: IdentityContext) => exportMyData(ctx.db, requireAccount(ctx), ctx.caller.requestId),
    me: async (_: unknown, __: unknown, ctx: IdentityContext) => {
      const { accountId, sessionId } = ctx.caller;
      if (!accountId || !sessionId) return null;
      return findSignedInAccount(ctx.db, accountId, sessionId);
    },
  },
  Mutation: {
    signUp: async (_: unknown, { input }: { input: SignUpInput }, ctx: IdentityContext) =>
      authPayload(ctx, await signUp(ctx.db, input, ctx.caller)),
    signIn: async (_: unknown, { input }: { input: { email: string; password: string } }, ctx: IdentityContext) =>
      authPayload(ctx, await signIn(ctx.db, input, ctx.caller)),
    refreshSession: async (_: unknown, { refreshToken }: { refreshToken: string }, ctx: IdentityContext) => {
      const rotated = await rotateRefreshToken(ctx.db, refreshToken);
      const { token, expiresAt } = await issueAccessToken(await ctx.signingKeys.current(), rotated);
      return { accessToken: token, accessTokenExpiresAt: expiresAt, refreshToken: rotated.refreshToken };
    },
    signOut: async (_: unknown, __: unknown, ctx: IdentityContext) => {
      requireAccount(ctx);
      if (!ctx.caller.sessionId) return false;
      return revokeSession(ctx.db, ctx.caller.sessionId, 'signed out');
    },
    deleteAccount: async (_: unknown, { password }: { password: string }, ctx: IdentityContext) => {
      const accountId = requireAccount(ctx);
      await requestDeletion(ctx.db, accountId, password);
      if (!(await runDeletion(ctx.db, accountId, undefined, ctx.log))) {
        ctx.log.warn('account deletion will be completed by the background sweep', { accountId });
      }
      return true;
    },
    joinChannel: async (_: unknown, { channel }: { channel: Channel }, ctx: IdentityContext) => {
      const accountId = requireAccount(ctx);
      const account = await joinChannel(ctx.db, accountId, channel, ctx.caller);
      if (!account) throw unauthenticated('This account no longer exists. Sign up again.');
      return account;
    },
  },
  Account: {
    __resolveReference: (ref: { id: string }, ctx: IdentityContext) => ctx.accounts.load(ref.id),
    email: (account: Account, _: unknown, ctx: IdentityContext) =>
      ctx.ownAccountIds.has(account.id) || ctx.caller.roles.includes('OPS') ? account.email : null,
  },
};
