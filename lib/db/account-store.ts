import type { DraftRole } from '../auth/roles';
import type { DraftSummary } from './draft-store';

export interface Delegation {
  code: string;
  name: string;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  delegation: Delegation;
  isSecretariat: boolean;
  /** Created by the demo seed with a published password. */
  isDemo: boolean;
  createdAt: number;
  removedAt: number | null;
}

/** A user as needed to check a password. */
export interface UserWithPassword extends User {
  passwordHash: string;
}

export interface Session {
  id: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

export interface DraftGrant {
  draftId: string;
  delegation: Delegation;
  role: DraftRole;
  grantedAt: number;
}

/** A draft as listed for one delegation, with the role it holds there. */
export interface DraftWithRole extends DraftSummary {
  role: DraftRole;
}

/** Thrown when a write would break a uniqueness or reference rule. */
export class AccountConflictError extends Error {
  override name = 'AccountConflictError';
}

/**
 * Recognises `AccountConflictError` by name: the store is shared between the
 * server's and the Next.js bundle's copies of this module, so `instanceof`
 * fails across them.
 */
export function isAccountConflict(error: unknown): error is AccountConflictError {
  return error instanceof Error && error.name === 'AccountConflictError';
}

/**
 * Delegations, users, roles on drafts and sign-in sessions. Promise-based,
 * like `DraftStore`, so a networked database can stand behind it.
 */
export interface AccountStore {
  addDelegation(delegation: Delegation): Promise<Delegation>;
  getDelegation(code: string): Promise<Delegation | null>;
  listDelegations(): Promise<Delegation[]>;

  addUser(input: {
    id: string;
    username: string;
    displayName: string;
    delegationCode: string;
    passwordHash: string;
    isSecretariat: boolean;
    isDemo: boolean;
  }): Promise<User>;
  getUser(id: string): Promise<User | null>;
  /** The user with this username, removed or not, with its password hash. */
  findUserForSignIn(username: string): Promise<UserWithPassword | null>;
  listUsers(): Promise<User[]>;
  /** Marks the user removed and revokes every session of theirs, in one transaction. */
  removeUser(id: string): Promise<void>;
  setPasswordHash(id: string, passwordHash: string): Promise<void>;
  countUsers(): Promise<number>;

  /** Gives `delegationCode` `role` on the draft, replacing any role it had there. */
  grantRole(draftId: string, delegationCode: string, role: DraftRole): Promise<void>;
  /** Withdraws the delegation's role on the draft; resolves to whether it had one. */
  withdrawRole(draftId: string, delegationCode: string): Promise<boolean>;
  getRole(draftId: string, delegationCode: string): Promise<DraftRole | null>;
  listGrants(draftId?: string): Promise<DraftGrant[]>;
  listDraftsForDelegation(delegationCode: string): Promise<DraftWithRole[]>;

  /**
   * Session ids are given as the cookie carries them; the store keeps only
   * their hash (`hashSessionId`), so a copy of it opens no session.
   */
  createSession(session: { id: string; userId: string; expiresAt: number }): Promise<Session>;
  /** The session with this id (hashed to look it up), as `id`. */
  getSession(id: string): Promise<Session | null>;
  revokeSession(id: string): Promise<void>;

  /** The setting's value, storing `create()` first if it has none (atomically). */
  getOrCreateSetting(key: string, create: () => string): Promise<string>;
}
