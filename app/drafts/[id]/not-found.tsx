import Link from 'next/link';
import { AccountBar } from '@/components/auth/AccountBar';
import { getCurrentUser } from '@/lib/auth/current-user';

/** A draft that does not exist, or on which the delegation holds no role (the same answer). */
export default async function DraftNotFound() {
  const signedIn = await getCurrentUser();
  return (
    <>
      {signedIn ? <AccountBar user={signedIn.user} /> : null}
      <main className="page">
        <h1>Not found</h1>
        <p>
          There is no draft at this address for your delegation. The address may be mistyped, or
          your delegation has no role on that draft: ask the Secretariat or the draft’s facilitator.
        </p>
        <p>
          <Link href="/">Back to the list of drafts</Link>
        </p>
      </main>
    </>
  );
}
