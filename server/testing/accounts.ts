import { encode } from 'next-auth/jwt';
import { addDelegation, addUser } from '@/lib/accounts/administration';
import { resolveAuthSecret } from '@/lib/auth/auth-secret';
import type { DraftRole } from '@/lib/auth/roles';
import { openSqliteStores, type Stores } from '@/lib/db/stores';
import { openPostgresStores } from '@/lib/db/postgres/open-postgres-stores';
import { createDraft } from '@/lib/drafts/create-draft';
import { parseEnv } from '@/lib/env';
import { newId } from '@/lib/schema/new-id';

/** Password of every account these helpers create. */
export const TEST_PASSWORD = 'correct horse battery';

/** Name of next-auth's session cookie over plain http. */
export const SESSION_COOKIE = 'next-auth.session-token';

/**
 * The stores of a test's database: a SQLite file's path, or a PostgreSQL URL
 * (`postgres://…`, issue 24). Every helper here takes either.
 */
export function openTestStores(database: string): Stores {
  return /^postgres(ql)?:\/\//.test(database)
    ? openPostgresStores(database, 2)
    : openSqliteStores(database);
}

async function withStores<T>(
  databasePath: string,
  work: (stores: Stores) => Promise<T>,
): Promise<T> {
  const stores = openTestStores(databasePath);
  try {
    return await work(stores);
  } finally {
    await stores.close();
  }
}

/** Adds the delegation (unless it exists) and a user of it, through the administration code. */
export function addTestUser(
  databasePath: string,
  input: {
    username: string;
    delegation: string;
    delegationName?: string;
    displayName?: string;
    secretariat?: boolean;
  },
): Promise<void> {
  return withStores(databasePath, async (stores) => {
    if (!(await stores.accounts.getDelegation(input.delegation))) {
      await addDelegation(stores, {
        code: input.delegation,
        name: input.delegationName ?? input.delegation,
      });
    }
    await addUser(stores, {
      username: input.username,
      displayName: input.displayName,
      delegationCode: input.delegation,
      password: TEST_PASSWORD,
      isSecretariat: input.secretariat ?? false,
    });
  });
}

export function grantTestRole(
  databasePath: string,
  draftId: string,
  delegation: string,
  role: DraftRole,
): Promise<void> {
  return withStores(databasePath, (stores) => stores.accounts.grantRole(draftId, delegation, role));
}

/**
 * Opens a session for `username` as signing in would (a `sessions` row and
 * next-auth's encrypted cookie, with the server's secret from the same
 * database) and returns the Cookie header value and the session id.
 */
export function signInCookie(
  databasePath: string,
  username: string,
  maxAgeSeconds = 3600,
): Promise<{ cookie: string; sessionId: string }> {
  return withStores(databasePath, async (stores) => {
    const user = await stores.accounts.findUserForSignIn(username);
    if (!user) throw new Error(`no user ${username}`);
    const session = await stores.accounts.createSession({
      id: newId(),
      userId: user.id,
      expiresAt: Date.now() + maxAgeSeconds * 1000,
    });
    const secret = await resolveAuthSecret(stores.accounts, parseEnv({}));
    const token = await encode({ token: { sid: session.id }, secret, maxAge: maxAgeSeconds });
    return { cookie: `${SESSION_COOKIE}=${token}`, sessionId: session.id };
  });
}

/**
 * Creates a draft (preamble paragraphs as given, one OP) through the drafts
 * code and gives `delegation` a role on it.
 */
export function createTestDraft(
  databasePath: string,
  input: { title: string; preamble?: string[]; delegation: string; role: DraftRole },
): Promise<{ id: string }> {
  return withStores(databasePath, async (stores) => {
    const preamble = input.preamble ?? ['Recalling its resolution,', 'Noting,'];
    const draft = await createDraft(stores.drafts, {
      title: input.title,
      body: { preamble: preamble.map((text) => [{ text }]), operative: [[{ text: 'Decides;' }]] },
    });
    await stores.accounts.grantRole(draft.id, input.delegation, input.role);
    return draft;
  });
}
