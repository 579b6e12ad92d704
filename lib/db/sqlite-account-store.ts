import type { Database } from 'better-sqlite3';
import { isDraftRole, type DraftRole } from '../auth/roles';
import {
  AccountConflictError,
  type AccountStore,
  type Delegation,
  type DraftGrant,
  type DraftWithRole,
  type Session,
  type User,
  type UserWithPassword,
} from './account-store';
import { hashSessionId } from './session-id-hash';
import { writeWhenFree } from './write-when-free';

interface UserRow {
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

interface SessionRow {
  id_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

/** How long an ended (expired or revoked) session row is kept. */
const SESSION_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

const USER_SELECT = `SELECT users.*, delegations.name AS delegation_name
  FROM users JOIN delegations ON delegations.code = users.delegation_code`;

function toUser(row: UserRow): User {
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
function toSession(id: string, row: SessionRow): Session {
  return {
    id,
    userId: row.user_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

function toRole(value: string): DraftRole {
  if (!isDraftRole(value)) throw new Error(`unknown role "${value}" in the database`);
  return value;
}

function isConstraintError(error: unknown): error is Error & { code: string } {
  const code: unknown = error instanceof Error ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}

/** Accounts in the same SQLite file as the drafts. */
export class SqliteAccountStore implements AccountStore {
  constructor(private readonly db: Database) {}

  async addDelegation(delegation: Delegation): Promise<Delegation> {
    try {
      await writeWhenFree(this.db, () =>
        this.db
          .prepare('INSERT INTO delegations (code, name, created_at) VALUES (?, ?, ?)')
          .run(delegation.code, delegation.name, Date.now()),
      );
    } catch (error) {
      if (isConstraintError(error)) {
        throw new AccountConflictError(`A delegation with code ${delegation.code} exists already.`);
      }
      throw error;
    }
    return delegation;
  }

  async getDelegation(code: string): Promise<Delegation | null> {
    const row = this.db.prepare('SELECT code, name FROM delegations WHERE code = ?').get(code) as
      Delegation | undefined;
    return row ?? null;
  }

  async listDelegations(): Promise<Delegation[]> {
    return this.db
      .prepare('SELECT code, name FROM delegations ORDER BY name')
      .all() as Delegation[];
  }

  async addUser(input: Parameters<AccountStore['addUser']>[0]): Promise<User> {
    try {
      await writeWhenFree(this.db, () =>
        this.db
          .prepare(
            `INSERT INTO users (id, username, display_name, delegation_code, password_hash,
               is_secretariat, is_demo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            input.id,
            input.username,
            input.displayName,
            input.delegationCode,
            input.passwordHash,
            input.isSecretariat ? 1 : 0,
            input.isDemo ? 1 : 0,
            Date.now(),
          ),
      );
    } catch (error) {
      if (isConstraintError(error)) {
        throw new AccountConflictError(
          error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
            ? `There is no delegation with code ${input.delegationCode}.`
            : `The username ${input.username} is taken.`,
        );
      }
      throw error;
    }
    const user = await this.getUser(input.id);
    if (!user) throw new Error('user vanished after insert');
    return user;
  }

  async getUser(id: string): Promise<User | null> {
    const row = this.db.prepare(`${USER_SELECT} WHERE users.id = ?`).get(id) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  async findUserForSignIn(username: string): Promise<UserWithPassword | null> {
    const row = this.db.prepare(`${USER_SELECT} WHERE users.username = ?`).get(username) as
      UserRow | undefined;
    return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
  }

  async listUsers(): Promise<User[]> {
    return (
      this.db
        .prepare(`${USER_SELECT} ORDER BY delegations.name, users.display_name`)
        .all() as UserRow[]
    ).map(toUser);
  }

  async removeUser(id: string): Promise<void> {
    const now = Date.now();
    await writeWhenFree(this.db, () => {
      this.db
        .prepare('UPDATE users SET removed_at = ? WHERE id = ? AND removed_at IS NULL')
        .run(now, id);
      this.db
        .prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL')
        .run(now, id);
    });
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await writeWhenFree(this.db, () =>
      this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, id),
    );
  }

  async countUsers(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  async grantRole(draftId: string, delegationCode: string, role: DraftRole): Promise<void> {
    try {
      await writeWhenFree(this.db, () =>
        this.db
          .prepare(
            `INSERT INTO draft_roles (draft_id, delegation_code, role, granted_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (draft_id, delegation_code) DO UPDATE SET role = excluded.role,
               granted_at = excluded.granted_at`,
          )
          .run(draftId, delegationCode, role, Date.now()),
      );
    } catch (error) {
      if (isConstraintError(error)) {
        throw new AccountConflictError(
          `There is no draft ${draftId} or no delegation with code ${delegationCode}.`,
        );
      }
      throw error;
    }
  }

  async withdrawRole(draftId: string, delegationCode: string): Promise<boolean> {
    const result = await writeWhenFree(this.db, () =>
      this.db
        .prepare('DELETE FROM draft_roles WHERE draft_id = ? AND delegation_code = ?')
        .run(draftId, delegationCode),
    );
    return result.changes > 0;
  }

  async getRole(draftId: string, delegationCode: string): Promise<DraftRole | null> {
    const row = this.db
      .prepare('SELECT role FROM draft_roles WHERE draft_id = ? AND delegation_code = ?')
      .get(draftId, delegationCode) as { role: string } | undefined;
    return row ? toRole(row.role) : null;
  }

  async listGrants(draftId?: string): Promise<DraftGrant[]> {
    const rows = this.db
      .prepare(
        `SELECT draft_roles.*, delegations.name AS delegation_name FROM draft_roles
         JOIN delegations ON delegations.code = draft_roles.delegation_code
         ${draftId === undefined ? '' : 'WHERE draft_id = ?'}
         ORDER BY draft_id, CASE role WHEN 'facilitator' THEN 0 WHEN 'sponsor' THEN 1 ELSE 2 END,
           delegations.name`,
      )
      .all(...(draftId === undefined ? [] : [draftId])) as {
      draft_id: string;
      delegation_code: string;
      delegation_name: string;
      role: string;
      granted_at: number;
    }[];
    return rows.map((row) => ({
      draftId: row.draft_id,
      delegation: { code: row.delegation_code, name: row.delegation_name },
      role: toRole(row.role),
      grantedAt: row.granted_at,
    }));
  }

  async listDraftsForDelegation(delegationCode: string): Promise<DraftWithRole[]> {
    const rows = this.db
      .prepare(
        `SELECT drafts.*, draft_roles.role FROM drafts
         JOIN draft_roles ON draft_roles.draft_id = drafts.id AND draft_roles.delegation_code = ?
         ORDER BY drafts.updated_at DESC, drafts.title`,
      )
      .all(delegationCode) as {
      id: string;
      title: string;
      created_at: number;
      updated_at: number;
      role: string;
    }[];
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      role: toRole(row.role),
    }));
  }

  async createSession(input: { id: string; userId: string; expiresAt: number }): Promise<Session> {
    const now = Date.now();
    await writeWhenFree(this.db, () => {
      this.db
        .prepare(
          'INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
        )
        .run(hashSessionId(input.id), input.userId, now, input.expiresAt);
      // Sessions that ended over a week ago can no longer matter to anyone: keep the table small.
      const cutoff = now - SESSION_RETENTION_MS;
      this.db
        .prepare('DELETE FROM sessions WHERE expires_at < ? OR revoked_at < ?')
        .run(cutoff, cutoff);
    });
    return { ...input, createdAt: now, revokedAt: null };
  }

  async getSession(id: string): Promise<Session | null> {
    const row = this.db
      .prepare('SELECT * FROM sessions WHERE id_hash = ?')
      .get(hashSessionId(id)) as SessionRow | undefined;
    return row ? toSession(id, row) : null;
  }

  async revokeSession(id: string): Promise<void> {
    const now = Date.now();
    await writeWhenFree(this.db, () =>
      this.db
        .prepare('UPDATE sessions SET revoked_at = ? WHERE id_hash = ? AND revoked_at IS NULL')
        .run(now, hashSessionId(id)),
    );
  }

  async getOrCreateSetting(key: string, create: () => string): Promise<string> {
    return writeWhenFree(this.db, () => {
      this.db
        .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING')
        .run(key, create());
      return (
        this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string }
      ).value;
    });
  }
}
