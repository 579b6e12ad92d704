import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { AuthContext } from './auth-context';
import { redirectWithinSite } from './return-path';
import { SignInRefusedError, signInWithPassword } from './sessions';
import { encodeSignInRefusal } from './sign-in-errors';

/** The client's address as the HTTP server recorded it (see server/http-server.ts). */
function clientAddress(headers: Record<string, unknown> | undefined): string {
  const forwarded = headers?.['x-forwarded-for'];
  const first = typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined;
  return first || 'unknown';
}

/**
 * next-auth's configuration: username and password (Credentials), sessions
 * as an encrypted cookie naming a row of the `sessions` table, so that a
 * session can be revoked (sign-out, user removed) and checked on websockets.
 */
export function authOptions(context: AuthContext): NextAuthOptions {
  return {
    secret: context.secret,
    useSecureCookies: context.secureCookies,
    session: { strategy: 'jwt', maxAge: context.sessionMaxAgeSeconds },
    jwt: { maxAge: context.sessionMaxAgeSeconds },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [
      CredentialsProvider({
        name: 'Concord account',
        credentials: {
          username: { label: 'Username', type: 'text' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(credentials, req) {
          try {
            const { user, session } = await signInWithPassword(
              context.accounts,
              context.limiter,
              context.policy,
              {
                username: credentials?.username ?? '',
                password: credentials?.password ?? '',
                address: clientAddress(req.headers),
                maxAgeSeconds: context.sessionMaxAgeSeconds,
              },
            );
            return { id: user.id, name: user.displayName, sessionId: session.id };
          } catch (error) {
            if (error instanceof SignInRefusedError) {
              throw new Error(encodeSignInRefusal(error.refusal));
            }
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        // Only the session id goes into the cookie; everything else is read from the database.
        if (user && 'sessionId' in user && typeof user.sessionId === 'string') {
          return { sid: user.sessionId };
        }
        return token;
      },
      session({ session }) {
        return { expires: session.expires };
      },
      // Only a page of this site, whatever callbackUrl said (lib/auth/return-path.ts).
      redirect: redirectWithinSite,
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === 'string') await context.accounts.revokeSession(token.sid);
      },
    },
  };
}
