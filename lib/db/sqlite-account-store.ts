import type { Database } from 'better-sqlite3';
import type { DraftRole } from '../auth/roles';
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
import {
  SESSION_RETENTION_MS,
  USER_SELECT,
  draftsForDelegationSql,
  grantsSql,
  toDraftWithRole,
  toGrant,
  toRole,
  toSession,
  toUser,
  type GrantRow,
  type SessionRow,
  type UserRow,
} from './account-rows';
import type { DraftRow } from './draft-rows';
import { hashSessionId } from './session-id-hash';
import { writeWhenFree } from './write-when-free';

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
      .prepare(grantsSql(draftId === undefined ? '' : 'WHERE draft_id = ?'))
      .all(...(draftId === undefined ? [] : [draftId])) as GrantRow[];
    return rows.map(toGrant);
  }

  async listDraftsForDelegation(delegationCode: string): Promise<DraftWithRole[]> {
    const rows = this.db.prepare(draftsForDelegationSql('?')).all(delegationCode) as (DraftRow & {
      role: string;
    })[];
    return rows.map(toDraftWithRole);
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
