import Link from 'next/link';
import type { User } from '@/lib/db/account-store';
import { SignOutButton } from './SignOutButton';

/** Who is signed in, for which delegation, and the way out. */
export function AccountBar({ user }: { user: User }) {
  return (
    <nav className="account-bar" aria-label="Account">
      <Link href="/" className="brand">
        Concord
      </Link>
      {user.isSecretariat ? <Link href="/admin">Administration</Link> : null}
      <span className="account-who">
        <span className="account-name">{user.displayName}</span>
        <span className="delegation-badge" title={user.delegation.name}>
          {user.delegation.name}
        </span>
      </span>
      <SignOutButton />
    </nav>
  );
}
