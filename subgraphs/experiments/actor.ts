/** The staff member or user behind a mutation, as the domain functions see it. */
import type { CallerBearer } from '../kit/caller';
import { requireAccount } from '../kit/caller';
import { forbidden } from '../kit/errors';

export interface Actor {
  accountId: string;
  roles: readonly string[];
  requestId: string;
  client: string;
}

export function actorOf(ctx: CallerBearer): Actor {
  return { accountId: requireAccount(ctx), roles: ctx.caller.roles, requestId: ctx.caller.requestId, client: ctx.caller.client };
}

/** FORBIDDEN naming the roles, so the person knows whom to ask. */
export function assertRole(actor: Actor, allowed: readonly string[], action: string): void {
  if (!actor.roles.some((r) => allowed.includes(r))) {
    const roles = allowed.length === 1 ? `the ${allowed[0]} role` : `one of the roles ${allowed.join(', ')}`;
    throw forbidden(`To ${action} you need ${roles}; ask an OPS admin to grant it.`);
  }
}
