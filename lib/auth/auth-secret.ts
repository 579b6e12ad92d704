import { randomBytes } from 'node:crypto';
import type { AccountStore } from '../db/account-store';
import type { Env } from '../env';

const SECRET_SETTING = 'auth.sessionSecret';

/**
 * The secret that encrypts session cookies: `NEXTAUTH_SECRET` when set, or
 * one generated on first start and kept in the database, so a fresh install
 * needs no configuration and restarts keep everyone signed in.
 */
export function resolveAuthSecret(accounts: AccountStore, config: Env): Promise<string> {
  if (config.NEXTAUTH_SECRET) return Promise.resolve(config.NEXTAUTH_SECRET);
  return accounts.getOrCreateSetting(SECRET_SETTING, () => randomBytes(32).toString('base64url'));
}

/** Whether cookies are marked Secure (and named `__Secure-…`): when served over https. */
export function usesSecureCookies(config: Env): boolean {
  return config.PUBLIC_URL?.startsWith('https://') ?? false;
}
