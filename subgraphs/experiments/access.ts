/** Who may do what in the experiments subgraph. Roles come from the signed caller (ctx.caller.roles). */
import { requireAccount, type CallerBearer } from '../kit/caller';
import { forbidden } from '../kit/errors';
import { STATUSES, type Status } from './lifecycle';

/** Every role but USER is a staff role of the beta process. */
export const STAFF_ROLES = ['PRODUCT', 'ENGINEERING', 'UX', 'QA', 'SECURITY', 'PRIVACY', 'LEGAL', 'OPS'] as const;

export const ROLES_TO_DEFINE = ['PRODUCT', 'ENGINEERING'] as const;
export const ROLES_TO_RELEASE = ['ENGINEERING', 'OPS'] as const;
export const ROLES_TO_SET_ROLLOUT = ['PRODUCT', 'OPS'] as const;
/** The seed: "All active projects will be reviewed monthly by Product/Engineering/UX". */
export const ROLES_TO_REVIEW = ['PRODUCT', 'ENGINEERING', 'UX'] as const;

export function isStaff(ctx: CallerBearer): boolean {
  return ctx.caller.roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r));
}

/** Staff-only fields: UNAUTHENTICATED without an account (signing in may help), FORBIDDEN for non-staff. */
export function requireStaff(ctx: CallerBearer, field: string): void {
  requireAccount(ctx);
  if (!isStaff(ctx)) throw forbidden(`${field} is for beta staff: it needs a staff role (any role but USER).`);
}

/** Non-staff see experiments that reached the beta; proposals and killed ones are staff business. */
const PUBLIC_STATUSES: readonly Status[] = ['IN_BETA', 'PAUSED', 'GRADUATED'];

export function visibleTo(ctx: CallerBearer, status: Status): boolean {
  return PUBLIC_STATUSES.includes(status) || isStaff(ctx);
}

/** The statuses the caller may see (for listing in SQL). */
export function visibleStatuses(ctx: CallerBearer): readonly Status[] {
  return isStaff(ctx) ? STATUSES : PUBLIC_STATUSES;
}
