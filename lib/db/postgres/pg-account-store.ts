import type { DraftRole } from '../../auth/roles';
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
} from '../account-rows';
import {
  AccountConflictError,
  type AccountStore,
  type Delegation,
  type DraftGrant,
  type DraftWithRole,
  type Session,
  type User,
  type UserWithPassword,
} from '../account-store';
import type { DraftRow } from '../draft-rows';
import { hashSessionId } from '../session-id-hash';
import type { PgDatabase } from './pg-database';
import { isConstraintViolation, isForeignKeyViolation } from './pg-errors';

/** Runs `write`; a constraint violation becomes `AccountConflictError` with `message(error)`. */
async function conflictAs<T>(write: Promise<T>, message: (error: unknown) => string): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isConstraintViolation(error)) throw new AccountConflictError(message(error));
    throw error;
  }
}

/** Accounts on PostgreSQL, with the semantics of `SqliteAccountStore`. */
export class PgAccountStore implements AccountStore {
  constructor(private readonly db: PgDatabase) {}

  async addDelegation(delegation: Delegation): Promise<Delegation> {
    await conflictAs(
      this.db.query('INSERT INTO delegations (code, name, created_at) VALUES ($1, $2, $3)', [
        delegation.code,
        delegation.name,
        Date.now(),
      ]),
      () => `A delegation with code ${delegation.code} exists already.`,
    );
    return delegation;
  }

  async getDelegation(code: string): Promise<Delegation | null> {
    const [row] = await this.db.query<Delegation>(
      'SELECT code, name FROM delegations WHERE code = $1',
      [code],
    );
    return row ?? null;
  }

  async listDelegations(): Promise<Delegation[]> {
    return this.db.query<Delegation>('SELECT code, name FROM delegations ORDER BY name');
  }

  async addUser(input: Parameters<AccountStore['addUser']>[0]): Promise<User> {
    await conflictAs(
      this.db.query(
        `INSERT INTO users (id, username, display_name, delegation_code, password_hash,
           is_secretariat, is_demo, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          input.id,
          input.username,
          input.displayName,
          input.delegationCode,
          input.passwordHash,
          input.isSecretariat ? 1 : 0,
          input.isDemo ? 1 : 0,
          Date.now(),
        ],
      ),
      (error) =>
        isForeignKeyViolation(error)
          ? `There is no delegation with code ${input.delegationCode}.`
          : `The username ${input.username} is taken.`,
    );
    const user = await this.getUser(input.id);
    if (!user) throw new Error('user vanished after insert');
    return user;
  }

  async getUser(id: string): Promise<User | null> {
    const [row] = await this.db.query<UserRow>(`${USER_SELECT} WHERE users.id = $1`, [id]);
    return row ? toUser(row) : null;
  }

  async findUserForSignIn(username: string): Promise<UserWithPassword | null> {
    const [row] = await this.db.query<UserRow>(`${USER_SELECT} WHERE users.username = $1`, [
      username,
    ]);
    return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
  }

  async listUsers(): Promise<User[]> {
    const rows = await this.db.query<UserRow>(
      `${USER_SELECT} ORDER BY delegations.name, users.display_name`,
    );
    return rows.map(toUser);
  }

  async removeUser(id: string): Promise<void> {
    const now = Date.now();
    await this.db.transaction(async (client) => {
      await client.query('UPDATE users SET removed_at = $1 WHERE id = $2 AND removed_at IS NULL', [
        now,
        id,
      ]);
      await client.query(
        'UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL',
        [now, id],
      );
    });
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.db.query('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, id]);
  }

  async countUsers(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>('SELECT count(*) AS n FROM users');
    return row?.n ?? 0;
  }

  async grantRole(draftId: string, delegationCode: string, role: DraftRole): Promise<void> {
    await conflictAs(
      this.db.query(
        `INSERT INTO draft_roles (draft_id, delegation_code, role, granted_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (draft_id, delegation_code) DO UPDATE SET role = excluded.role,
           granted_at = excluded.granted_at`,
        [draftId, delegationCode, role, Date.now()],
      ),
      () => `There is no draft ${draftId} or no delegation with code ${delegationCode}.`,
    );
  }

  async withdrawRole(draftId: string, delegationCode: string): Promise<boolean> {
    const rows = await this.db.query(
      'DELETE FROM draft_roles WHERE draft_id = $1 AND delegation_code = $2 RETURNING 1',
      [draftId, delegationCode],
    );
    return rows.length > 0;
  }

  async getRole(draftId: string, delegationCode: string): Promise<DraftRole | null> {
    const [row] = await this.db.query<{ role: string }>(
      'SELECT role FROM draft_roles WHERE draft_id = $1 AND delegation_code = $2',
      [draftId, delegationCode],
    );
    return row ? toRole(row.role) : null;
  }

  async listGrants(draftId?: string): Promise<DraftGrant[]> {
    const rows =
      draftId === undefined
        ? await this.db.query<GrantRow>(grantsSql())
        : await this.db.query<GrantRow>(grantsSql('WHERE draft_id = $1'), [draftId]);
    return rows.map(toGrant);
  }

  async listDraftsForDelegation(delegationCode: string): Promise<DraftWithRole[]> {
    const rows = await this.db.query<DraftRow & { role: string }>(draftsForDelegationSql('$1'), [
      delegationCode,
    ]);
    return rows.map(toDraftWithRole);
  }

  async createSession(input: { id: string; userId: string; expiresAt: number }): Promise<Session> {
    const now = Date.now();
    await this.db.transaction(async (client) => {
      await client.query(
        'INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
        [hashSessionId(input.id), input.userId, now, input.expiresAt],
      );
      // Sessions that ended over a week ago can no longer matter to anyone: keep the table small.
      const cutoff = now - SESSION_RETENTION_MS;
      await client.query('DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1', [cutoff]);
    });
    return { ...input, createdAt: now, revokedAt: null };
  }

  async getSession(id: string): Promise<Session | null> {
    const [row] = await this.db.query<SessionRow>('SELECT * FROM sessions WHERE id_hash = $1', [
      hashSessionId(id),
    ]);
    return row ? toSession(id, row) : null;
  }

  async revokeSession(id: string): Promise<void> {
    await this.db.query(
      'UPDATE sessions SET revoked_at = $1 WHERE id_hash = $2 AND revoked_at IS NULL',
      [Date.now(), hashSessionId(id)],
    );
  }

  async getOrCreateSetting(key: string, create: () => string): Promise<string> {
    // Atomic across processes: the first INSERT wins, every process then reads the winner.
    await this.db.query(
      'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
      [key, create()],
    );
    const [row] = await this.db.query<{ value: string }>(
      'SELECT value FROM settings WHERE key = $1',
      [key],
    );
    if (!row) throw new Error(`setting ${key} vanished after insert`);
    return row.value;
  }
}
