/** An account as the identity subgraph reads it: channel, roles, the row's columns. No I/O. */
export type Channel = 'BETA' | 'EXPERIMENTAL';
export const ROLES = ['USER', 'PRODUCT', 'ENGINEERING', 'UX', 'QA', 'SECURITY', 'PRIVACY', 'LEGAL', 'OPS'] as const;
export type Role = (typeof ROLES)[number];

export interface Account {
  id: string;
  email: string;
  displayName: string;
  channel: Channel;
  roles: Role[];
  status: 'ACTIVE' | 'SUSPENDED' | 'DELETING';
  createdAt: Date;
}

export const ACCOUNT_COLUMNS = `a.id, a.email, a.display_name AS "displayName", a.channel, a.roles, a.status, a.created_at AS "createdAt"`;
