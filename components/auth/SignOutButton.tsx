'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { LOCAL_CACHE_PREFIX } from '@/lib/collab/protocol';

/** Deletes this browser's copies of drafts, so the next person on it does not find them. */
async function clearLocalDrafts(): Promise<void> {
  if (typeof indexedDB === 'undefined' || !('databases' in indexedDB)) return;
  const databases = await indexedDB.databases();
  await Promise.all(
    databases
      .map((db) => db.name)
      .filter((name): name is string => !!name?.startsWith(LOCAL_CACHE_PREFIX))
      .map(
        (name) =>
          new Promise<void>((resolve) => {
            const request = indexedDB.deleteDatabase(name);
            request.onsuccess = request.onerror = request.onblocked = () => resolve();
          }),
      ),
  );
}

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="link-button"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        await clearLocalDrafts().catch(() => undefined);
        await signOut({ callbackUrl: '/sign-in' });
      }}
    >
      Sign out
    </button>
  );
}
