import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getAuthContext } from './auth-context';
import { resolveSession, type SignedIn } from './sessions';
import { readSessionClaims } from './session-cookie';

/** The signed-in user of this request, or null; checked against the database once per request. */
export const getCurrentUser = cache(async (): Promise<SignedIn | null> => {
  const context = await getAuthContext();
  const jar = await cookies();
  const claims = await readSessionClaims(
    Object.fromEntries(jar.getAll().map((cookie) => [cookie.name, cookie.value])),
    context,
  );
  return claims ? resolveSession(context.accounts, context.policy, claims.sid) : null;
});

/** The signed-in user; sends anyone else to the sign-in page, then back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<SignedIn> {
  const signedIn = await getCurrentUser();
  if (!signedIn) redirect(`/sign-in?${new URLSearchParams({ callbackUrl: returnTo })}`);
  return signedIn;
}
