/** Thin resolvers: check the caller, then read or store through notes.ts. */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap';
import { requireAccount } from '../kit/caller';
import { forbidden } from '../kit/errors';
import { DateTime } from '../kit/scalars';
import { normaliseNote, saveNote } from './notes';
import type { {{Name}}Context } from './context';

export const resolvers: GraphQLResolverMap<{{Name}}Context> = {
  DateTime,
  Mutation: {
    set{{Name}}Note: async (_: unknown, { text }: { text: string }, ctx: {{Name}}Context) => {
      const accountId = requireAccount(ctx);
      const state = await saveNote(ctx.db, accountId, normaliseNote(text));
      ctx.states.clear(accountId);
      return state;
    },
  },
  Account: {
    {{name}}: (account: { id: string }, _: unknown, ctx: {{Name}}Context) => {
      // Personal data: only the account itself, however else a caller reaches the account.
      if (ctx.caller.accountId !== account.id) throw forbidden('Only the account itself can read its {{name}} state.');
      return ctx.states.load(account.id);
    },
  },
};
