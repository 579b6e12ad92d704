import Link from 'next/link';
import { AccountBar } from '@/components/auth/AccountBar';
import { getCurrentUser } from '@/lib/auth/current-user';

/** Any address Concord has no page for. */
export default async function NotFound() {
  const signedIn = await getCurrentUser();
  return (
    <>
      {signedIn ? <AccountBar user={signedIn.user} /> : null}
      <main className="page">
        <h1>Not found</h1>
        <p>There is no page at this address. It may be mistyped, or the link may be out of date.</p>
        <p>
          {signedIn ? (
            <Link href="/">Back to the list of drafts</Link>
          ) : (
            <Link href="/sign-in">Sign in</Link>
          )}
        </p>
      </main>
    </>
  );
}
