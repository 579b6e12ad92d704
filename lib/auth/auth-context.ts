import type { AccountStore } from '../db/account-store';
import { getStores } from '../db/stores';
import { env, type Env } from '../env';
import { resolveAuthSecret, usesSecureCookies } from './auth-secret';
import type { SignInPolicy } from './sessions';
import { SignInLimiter } from './sign-in-limiter';
import { getRedis } from '../cluster/redis';

/** Everything sign-in and session checks need, once per process. */
export interface AuthContext {
  accounts: AccountStore;
  limiter: SignInLimiter;
  policy: SignInPolicy;
  secret: string;
  secureCookies: boolean;
  sessionMaxAgeSeconds: number;
}

export function signInPolicy(config: Env): SignInPolicy {
  return { allowDemoAccounts: config.NODE_ENV !== 'production' || config.ALLOW_DEMO_ACCOUNTS };
}

export async function createAuthContext(accounts: AccountStore, config: Env): Promise<AuthContext> {
  return {
    accounts,
    limiter: new SignInLimiter(
      {
        failuresBeforeDelay: config.SIGN_IN_MAX_FAILURES,
        maxDelaySeconds: config.SIGN_IN_MAX_DELAY_SECONDS,
        maxFailuresPerAddress: config.SIGN_IN_MAX_FAILURES_PER_ADDRESS,
        maxFailuresPerUser: config.SIGN_IN_MAX_FAILURES_PER_USER,
        lockoutSeconds: config.SIGN_IN_LOCKOUT_SECONDS,
      },
      getRedis(),
      config.CLUSTER_KEY_PREFIX,
    ),
    policy: signInPolicy(config),
    secret: await resolveAuthSecret(accounts, config),
    secureCookies: usesSecureCookies(config),
    sessionMaxAgeSeconds: config.SESSION_MAX_AGE_SECONDS,
  };
}

const KEY = Symbol.for('concord.authContext');
type Holder = { [KEY]?: Promise<AuthContext> };

/** The process-wide context, on `globalThis` like the stores (one limiter per process). */
export function getAuthContext(): Promise<AuthContext> {
  const holder = globalThis as Holder;
  holder[KEY] ??= createAuthContext(getStores().accounts, env);
  return holder[KEY];
}
