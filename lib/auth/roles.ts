/** The role a delegation holds on one draft. */
export const DRAFT_ROLES = ['facilitator', 'sponsor', 'observer'] as const;
export type DraftRole = (typeof DRAFT_ROLES)[number];

export function isDraftRole(value: unknown): value is DraftRole {
  return typeof value === 'string' && (DRAFT_ROLES as readonly string[]).includes(value);
}

/** What a user may try to do on a draft. */
export type DraftAction =
  /** open the draft, follow the text, presence and amendments */
  | 'view'
  /** change the text (sponsors: in the amendments issue, only by proposing amendments) */
  | 'edit'
  /** accept or reject amendments, set paragraph status, cut revisions */
  | 'decide';

/** The rules, as one table: role × action → allowed. */
export const DRAFT_PERMISSIONS: Readonly<Record<DraftRole, ReadonlySet<DraftAction>>> = {
  facilitator: new Set(['view', 'edit', 'decide']),
  sponsor: new Set(['view', 'edit']),
  observer: new Set(['view']),
};

/** Whether a delegation holding `role` on a draft (or none: `null`) may do `action`. */
export function can(role: DraftRole | null, action: DraftAction): boolean {
  return role !== null && DRAFT_PERMISSIONS[role].has(action);
}

/** How a role is shown to people. */
export const ROLE_LABELS: Readonly<Record<DraftRole, string>> = {
  facilitator: 'Facilitator',
  sponsor: 'Co-sponsor',
  observer: 'Observer',
};
