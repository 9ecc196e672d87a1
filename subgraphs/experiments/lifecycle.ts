/**
 * The experiment lifecycle as ONE table. Resolvers check transitions against it, errors quote it,
 * `Query.experimentLifecycle` publishes it, and `lifecycleMarkdown()` renders it for the docs.
 *
 *   PROPOSED -> IN_BETA -> GRADUATED | KILLED, with IN_BETA <-> PAUSED; KILLED from any live state.
 */
export const STATUSES = ['PROPOSED', 'IN_BETA', 'PAUSED', 'GRADUATED', 'KILLED'] as const;
export type Status = (typeof STATUSES)[number];

/** Which gate (see gates.ts) a transition must pass. */
export type GateName = 'ENTRY' | 'EXIT' | 'NONE';

export interface Transition {
  from: Status;
  to: Status;
  gate: GateName;
  /** The caller needs one of these roles. */
  roles: readonly string[];
  reasonRequired: boolean;
  description: string;
}

const KILL_ROLES = ['PRODUCT', 'ENGINEERING', 'OPS', 'SECURITY', 'PRIVACY'] as const;

export const TRANSITIONS: readonly Transition[] = [
  {
    from: 'PROPOSED', to: 'IN_BETA', gate: 'ENTRY', roles: ['PRODUCT', 'OPS'], reasonRequired: false,
    description: 'Launch into the beta channel: entry criteria, SECURITY/PRIVACY/PRODUCT sign-offs and a released revision.',
  },
  {
    from: 'IN_BETA', to: 'PAUSED', gate: 'NONE', roles: ['PRODUCT', 'ENGINEERING', 'OPS'], reasonRequired: true,
    description: 'Stop serving it for now (to edit the definition, or while a problem is fixed).',
  },
  {
    from: 'PAUSED', to: 'IN_BETA', gate: 'ENTRY', roles: ['PRODUCT', 'OPS'], reasonRequired: true,
    description: 'Resume: the entry gate again, so an edit made while paused needs fresh entry sign-offs.',
  },
  {
    from: 'IN_BETA', to: 'GRADUATED', gate: 'EXIT', roles: ['PRODUCT'], reasonRequired: false,
    description: 'Leave the beta for production: EXIT_UX and EXIT_PRODUCT sign-offs, user-data review if it has user data, feedback and adoption thresholds.',
  },
  { from: 'PROPOSED', to: 'KILLED', gate: 'NONE', roles: KILL_ROLES, reasonRequired: true, description: 'Kill switch: never launch it.' },
  { from: 'IN_BETA', to: 'KILLED', gate: 'NONE', roles: KILL_ROLES, reasonRequired: true, description: 'Kill switch: gone from every account on the next query.' },
  { from: 'PAUSED', to: 'KILLED', gate: 'NONE', roles: KILL_ROLES, reasonRequired: true, description: 'Kill switch: never resume it.' },
];

/** What each status allows besides transitions (status-preconditions.ts turns a "no" into the refusal). */
export interface StatusRules {
  /** updateExperiment may change the definition (not while users are served: pause first). */
  editable: boolean;
  /** SECURITY/PRIVACY/PRODUCT sign-offs and entry criteria may be recorded. */
  entryWork: boolean;
  /** QA/UX/INFRASEC sign-offs and revision releases. */
  revisionWork: boolean;
  /** EXIT_UX/EXIT_PRODUCT/USER_DATA_REVIEW sign-offs. */
  exitWork: boolean;
  /** Monthly reviews. */
  reviewable: boolean;
  /** setRollout (a proposal may be given its rollout before launch). */
  rolloutSettable: boolean;
  /** Users may opt in. */
  enrollable: boolean;
  /** Served to accounts (Account.enabledFeatures). */
  served: boolean;
  terminal: boolean;
}

export const STATUS_RULES: Record<Status, StatusRules> = {
  PROPOSED: { editable: true, entryWork: true, revisionWork: true, exitWork: false, reviewable: false, rolloutSettable: true, enrollable: false, served: false, terminal: false },
  IN_BETA: { editable: false, entryWork: false, revisionWork: true, exitWork: true, reviewable: true, rolloutSettable: true, enrollable: true, served: true, terminal: false },
  PAUSED: { editable: true, entryWork: true, revisionWork: true, exitWork: true, reviewable: true, rolloutSettable: true, enrollable: true, served: false, terminal: false },
  GRADUATED: { editable: false, entryWork: false, revisionWork: false, exitWork: false, reviewable: false, rolloutSettable: false, enrollable: false, served: false, terminal: true },
  KILLED: { editable: false, entryWork: false, revisionWork: false, exitWork: false, reviewable: false, rolloutSettable: false, enrollable: false, served: false, terminal: true },
};

export function findTransition(from: Status, to: Status): Transition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.to === to);
}

export function transitionsFrom(from: Status): Transition[] {
  return TRANSITIONS.filter((t) => t.from === from);
}

/** Roles of any transition into `to` (used to authorise an idempotent retry of a transition already made). */
export function rolesInto(to: Status): string[] {
  return [...new Set(TRANSITIONS.filter((t) => t.to === to).flatMap((t) => t.roles))];
}

/** A sentence naming where `from` may go, for error messages. */
export function describeExits(from: Status): string {
  const exits = transitionsFrom(from).map((t) => t.to);
  return exits.length ? `From ${from} it can move to ${exits.join(', ')}.` : `${from} is final.`;
}

/** The table as markdown, for docs/ARCHITECTURE.md. */
export function lifecycleMarkdown(): string {
  const rows = TRANSITIONS.map(
    (t) => `| ${t.from} | ${t.to} | ${t.gate} | ${t.roles.join(', ')} | ${t.reasonRequired ? 'yes' : 'no'} | ${t.description} |`,
  );
  return ['| from | to | gate | roles | reason | meaning |', '|---|---|---|---|---|---|', ...rows].join('\n');
}
