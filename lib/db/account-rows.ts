import { isDraftRole, type DraftRole } from '../auth/roles';
import type { DraftGrant, DraftWithRole, Session, User } from './account-store';
import type { DraftRow } from './draft-rows';

/*
 * The rows of the account tables as every engine reads them (same columns on SQLite and
 * PostgreSQL), and the queries that read them that are the same SQL on both.
 */

/** A row of `users` joined with its delegation's name (`USER_SELECT`). */
export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  delegation_code: string;
  delegation_name: string;
  password_hash: string;
  is_secretariat: number;
  is_demo: number;
  created_at: number;
  removed_at: number | null;
}

/** A row of `sessions`. */
export interface SessionRow {
  id_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

/** A row of `draft_roles` joined with the delegation's name (`grantsSql`). */
export interface GrantRow {
  draft_id: string;
  delegation_code: string;
  delegation_name: string;
  role: string;
  granted_at: number;
}

/** How long an ended (expired or revoked) session row is kept. */
export const SESSION_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** Users with their delegation's name; add a WHERE or ORDER BY. */
export const USER_SELECT = `SELECT users.*, delegations.name AS delegation_name
  FROM users JOIN delegations ON delegations.code = users.delegation_code`;

/** The grants, of one draft when `where` is given (`WHERE draft_id = ?`), in listing order. */
export function grantsSql(where = ''): string {
  return `SELECT draft_roles.*, delegations.name AS delegation_name FROM draft_roles
    JOIN delegations ON delegations.code = draft_roles.delegation_code
    ${where}
    ORDER BY draft_id, CASE role WHEN 'facilitator' THEN 0 WHEN 'sponsor' THEN 1 ELSE 2 END,
      delegations.name`;
}

/** The drafts a delegation (the parameter) holds a role on, most recently changed first. */
export function draftsForDelegationSql(parameter: string): string {
  return `SELECT drafts.*, draft_roles.role FROM drafts
    JOIN draft_roles ON draft_roles.draft_id = drafts.id AND draft_roles.delegation_code = ${parameter}
    ORDER BY drafts.updated_at DESC, drafts.title`;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    delegation: { code: row.delegation_code, name: row.delegation_name },
    isSecretariat: row.is_secretariat === 1,
    isDemo: row.is_demo === 1,
    createdAt: row.created_at,
    removedAt: row.removed_at,
  };
}

/** The session as asked for by `id`: the row itself only knows the id's hash. */
export function toSession(id: string, row: SessionRow): Session {
  return {
    id,
    userId: row.user_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

/** A stored role, refused when it is not one Concord knows. */
export function toRole(value: string): DraftRole {
  if (!isDraftRole(value)) throw new Error(`unknown role "${value}" in the database`);
  return value;
}

export function toGrant(row: GrantRow): DraftGrant {
  return {
    draftId: row.draft_id,
    delegation: { code: row.delegation_code, name: row.delegation_name },
    role: toRole(row.role),
    grantedAt: row.granted_at,
  };
}

export function toDraftWithRole(row: DraftRow & { role: string }): DraftWithRole {
  return {
    id: row.id,
    title: row.title,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    role: toRole(row.role),
  };
}
