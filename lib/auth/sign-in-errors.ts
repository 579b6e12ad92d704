/**
 * Why a sign-in was refused, as carried from the server to the sign-in page
 * (next-auth passes the thrown message along as the `error` code).
 */
export type SignInRefusal =
  | { reason: 'invalid' }
  | { reason: 'locked'; retryAfterSeconds: number }
  | { reason: 'demo-disabled' };

export function encodeSignInRefusal(refusal: SignInRefusal): string {
  return refusal.reason === 'locked' ? `locked:${refusal.retryAfterSeconds}` : refusal.reason;
}

export function decodeSignInRefusal(code: string): SignInRefusal {
  const locked = /^locked:(\d+)$/.exec(code);
  if (locked) return { reason: 'locked', retryAfterSeconds: Number(locked[1]) };
  if (code === 'demo-disabled') return { reason: 'demo-disabled' };
  // next-auth's own "CredentialsSignin" and anything unexpected read the same way.
  return { reason: 'invalid' };
}

/** One generic message for a wrong username or password: it does not say which. */
export const INVALID_CREDENTIALS_MESSAGE =
  'The username or password is incorrect. Check both and try again.';

/** What the sign-in page says; `now` for the time of day a wait of a minute or more ends. */
export function describeSignInRefusal(refusal: SignInRefusal, now = new Date()): string {
  switch (refusal.reason) {
    case 'invalid':
      return INVALID_CREDENTIALS_MESSAGE;
    case 'demo-disabled':
      return 'Demo accounts are switched off on this server. Ask the Secretariat for an account.';
    case 'locked': {
      // The first waits after a few failures are seconds long (1 s, 2 s, 4 s …).
      if (refusal.retryAfterSeconds < 60) {
        const seconds = Math.max(1, refusal.retryAfterSeconds);
        return `Too many failed attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
      }
      const minutes = Math.max(1, Math.ceil(refusal.retryAfterSeconds / 60));
      const until = new Date(now.getTime() + refusal.retryAfterSeconds * 1000);
      const time = until.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
      return `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'} (at ${time}).`;
    }
  }
}
