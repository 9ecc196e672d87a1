/** Thin resolvers: access checks, then the catalog, consent and ledger modules. */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap';
import { requireAccount, requireRole } from '../kit/caller';
import { badInput, forbidden } from '../kit/errors';
import { pageOf } from '../kit/pagination';
import { DateTime } from '../kit/scalars';
import { currentVersion, versionPage, type AgreementKindInfo, type AgreementVersion } from './catalog';
import { acceptAgreements, withdrawConsent } from './consent';
import { deriveConsent, type DerivedConsent } from './consent-state';
import { loadChain, loadHistoryPage, verifyChain, type LedgerEvent } from './ledger';
import { publishVersion, type PublishInput } from './publishing';
import type { AgreementsContext } from './context';

/** Staff who may read another account's consent (audits, disputes). */
const CONSENT_READERS = ['LEGAL', 'PRIVACY'];

async function consentOf(ctx: AgreementsContext, accountId: string): Promise<DerivedConsent> {
  const [, rows] = await Promise.all([ctx.catalog(), ctx.accepted.load(accountId)]);
  // An accepted version this process does not know yet was published through another replica just now.
  const catalog = await ctx.catalogKnowing(rows.map((r) => r.versionId));
  return deriveConsent(catalog, accountId, rows, ctx.now);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function freshConsent(ctx: AgreementsContext, accountId: string): Promise<DerivedConsent> {
  ctx.accepted.clear(accountId);
  ctx.now = new Date();
  return consentOf(ctx, accountId);
}

const encodeCursor = (sequence: number) => Buffer.from(`seq:${sequence}`).toString('base64url');
function decodeCursor(cursor: string | null | undefined): number | null {
  if (!cursor) return null;
  const match = /^seq:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badInput('The cursor is not valid; pass a nextCursor you received.', 'after');
  return Number(match[1]);
}

export const resolvers: GraphQLResolverMap<AgreementsContext> = {
  DateTime,
  Query: {
    agreements: async (_: unknown, __: unknown, ctx: AgreementsContext) => {
      const catalog = await ctx.catalog();
      return catalog.kinds.map((k) => ({ ...k, currentVersion: currentVersion(catalog, k.kind, ctx.now) }));
    },
    agreementVersion: async (_: unknown, { id }: { id: string }, ctx: AgreementsContext) =>
      (await ctx.catalog()).byId.get(id.toLowerCase()) ?? null,
  },
  Mutation: {
    acceptAgreements: async (_: unknown, { versionIds }: { versionIds: string[] }, ctx: AgreementsContext) => {
      const accountId = requireAccount(ctx);
      const catalog = await ctx.catalogKnowing(versionIds.filter((id) => UUID.test(id)).map((id) => id.toLowerCase()));
      await acceptAgreements(ctx.db, catalog, accountId, versionIds, ctx.caller);
      return freshConsent(ctx, accountId);
    },
    withdrawConsent: async (_: unknown, { kind }: { kind: string }, ctx: AgreementsContext) => {
      const accountId = requireAccount(ctx);
      await withdrawConsent(ctx.db, await ctx.catalog(), accountId, kind, ctx.caller);
      return freshConsent(ctx, accountId);
    },
    publishAgreementVersion: async (_: unknown, { input }: { input: PublishInput }, ctx: AgreementsContext) => {
      const accountId = requireRole(ctx, ['LEGAL']);
      try {
        return await publishVersion(ctx.db, input, accountId);
      } finally {
        ctx.catalogChanged();
      }
    },
  },
  Agreement: {
    versions: async (agreement: AgreementKindInfo, args: { first?: number | null; after?: string | null }, ctx: AgreementsContext) =>
      versionPage(await ctx.catalog(), agreement.kind, pageOf(args, 20)),
  },
  AgreementVersion: {
    text: (v: AgreementVersion, _: unknown, ctx: AgreementsContext) => ctx.texts.load(v.id),
  },
  Account: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    consent: (account: { id: string }, _: unknown, ctx: AgreementsContext) => {
      if (account.id !== ctx.caller.accountId && !ctx.caller.roles.some((r) => CONSENT_READERS.includes(r))) {
        throw forbidden('Consent records are visible only to the account itself and to LEGAL or PRIVACY staff.');
      }
      return consentOf(ctx, account.id);
    },
  },
  Consent: {
    history: async (consent: DerivedConsent, args: { first: number; after?: string | null }, ctx: AgreementsContext) => {
      const { first } = pageOf(args, 20);
      const events = await loadHistoryPage(ctx.db, consent.accountId, first + 1, decodeCursor(args.after));
      const page = events.slice(0, first);
      return { events: page, nextCursor: events.length > first ? encodeCursor(page[page.length - 1].sequence) : null };
    },
    proof: async (consent: DerivedConsent, { kind }: { kind: string }, ctx: AgreementsContext) => {
      const chain = await loadChain(ctx.db, consent.accountId);
      return { kind, events: chain.filter((e) => e.kind === kind), verified: verifyChain(chain) };
    },
  },
  ConsentEvent: {
    version: async (event: LedgerEvent, _: unknown, ctx: AgreementsContext) => (await ctx.catalogKnowing([event.versionId])).byId.get(event.versionId),
  },
};
