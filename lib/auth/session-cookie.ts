import { getToken } from 'next-auth/jwt';

/** What Concord keeps in the (encrypted) session cookie: the session row's id. */
export interface SessionClaims {
  sid: string;
}

/**
 * Reads the session id from a request's cookies: decrypts next-auth's session
 * cookie (chunked or not). Null when there is none or it does not decrypt.
 */
export async function readSessionClaims(
  cookies: Record<string, string | undefined>,
  options: { secret: string; secureCookies: boolean },
): Promise<SessionClaims | null> {
  const token = await getToken({
    req: { headers: {}, cookies } as unknown as Parameters<typeof getToken>[0]['req'],
    secret: options.secret,
    secureCookie: options.secureCookies,
  });
  return token && typeof token.sid === 'string' ? { sid: token.sid } : null;
}
