import { log } from '../log';
import type { AccountStore, Session, User } from '../db/account-store';
import { newId } from '../schema/new-id';
import { MAX_PASSWORD_LENGTH, verifyNothing, verifyPassword } from './passwords';
import type { SignInLimiter } from './sign-in-limiter';
import type { SignInRefusal } from './sign-in-errors';

/** Who may sign in: demo accounts only where allowed (never by default in production). */
export interface SignInPolicy {
  allowDemoAccounts: boolean;
}

export interface SignedIn {
  user: User;
  session: Session;
}

/** A refused sign-in; `refusal` says why, in terms the sign-in page can show. */
export class SignInRefusedError extends Error {
  constructor(readonly refusal: SignInRefusal) {
    super(`sign-in refused: ${refusal.reason}`);
    this.name = 'SignInRefusedError';
  }
}

/** Usernames are compared in lower case, without surrounding spaces. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** How much of a typed username goes into the log (it may be anything, of any length). */
const LOGGED_USERNAME_LENGTH = 100;

/**
 * Checks a username and password, slowed down by `limiter` (per username and
 * address, per address, per username), and opens a session that lasts
 * `maxAgeSeconds`. Every refusal is logged with username and address.
 * @throws SignInRefusedError
 */
export async function signInWithPassword(
  accounts: AccountStore,
  limiter: SignInLimiter,
  policy: SignInPolicy,
  input: { username: string; password: string; address: string; maxAgeSeconds: number },
): Promise<SignedIn> {
  const username = normalizeUsername(input.username);
  const logged = { username: username.slice(0, LOGGED_USERNAME_LENGTH), address: input.address };
  const gate = await limiter.admit(username, input.address);
  if (gate.locked) {
    const retryAfterSeconds = Math.ceil(gate.retryAfterMs / 1000);
    log.warn('sign-in throttled', { ...logged, limit: gate.limit, retryAfterSeconds });
    throw new SignInRefusedError({ reason: 'locked', retryAfterSeconds });
  }
  const user =
    username && input.password.length <= MAX_PASSWORD_LENGTH
      ? await accounts.findUserForSignIn(username)
      : null;
  const matches = user
    ? await verifyPassword(user.passwordHash, input.password)
    : (await verifyNothing(input.password), false);
  if (!user || !matches || user.removedAt !== null) {
    // The limiter counted this attempt as failed when it admitted it.
    log.warn('sign-in failed', logged);
    throw new SignInRefusedError({ reason: 'invalid' });
  }
  // The right password: not a guess, whatever follows.
  await limiter.recordSuccess(username, input.address);
  if (user.isDemo && !policy.allowDemoAccounts) {
    log.warn('sign-in refused: demo accounts are off', logged);
    throw new SignInRefusedError({ reason: 'demo-disabled' });
  }
  const session = await accounts.createSession({
    id: newId(),
    userId: user.id,
    expiresAt: Date.now() + input.maxAgeSeconds * 1000,
  });
  const signedInUser: User & { passwordHash?: string } = { ...user };
  delete signedInUser.passwordHash;
  return { user: signedInUser, session };
}

/**
 * The user behind a session id, or null when the session has expired or was
 * revoked, or the user was removed (or is a demo account where those are off).
 * The one check both HTTP requests and websockets go through.
 */
export async function resolveSession(
  accounts: AccountStore,
  policy: SignInPolicy,
  sessionId: string,
  now = Date.now(),
): Promise<SignedIn | null> {
  const session = await accounts.getSession(sessionId);
  if (!session || session.revokedAt !== null || session.expiresAt <= now) return null;
  const user = await accounts.getUser(session.userId);
  if (!user || user.removedAt !== null) return null;
  if (user.isDemo && !policy.allowDemoAccounts) return null;
  return { user, session };
}
