'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { safeReturnPath } from '@/lib/auth/return-path';
import { decodeSignInRefusal, describeSignInRefusal } from '@/lib/auth/sign-in-errors';

/** Username and password for the delegate's Concord account. */
export function SignInForm({
  returnTo,
  initialError,
}: {
  returnTo: string;
  initialError: string | null;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(() =>
    initialError ? describeSignInRefusal(decodeSignInRefusal(initialError)) : null,
  );
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn('credentials', {
        redirect: false,
        username: String(form.get('username') ?? ''),
        password: String(form.get('password') ?? ''),
        callbackUrl: returnTo,
      });
      if (result?.ok && !result.error) {
        // The page checked it already; checked again where the navigation happens.
        router.replace(safeReturnPath(returnTo, window.location.origin));
        router.refresh();
        return;
      }
      setError(describeSignInRefusal(decodeSignInRefusal(result?.error ?? '')));
    } catch {
      setError('Concord could not be reached. Check your connection and try again.');
    }
    setPending(false);
  }

  return (
    <form className="sign-in-form" onSubmit={onSubmit} aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">Sign in</h2>
      <p className="hint">Use the account the Secretariat gave your delegation.</p>
      <label htmlFor="sign-in-username">Username</label>
      <input
        id="sign-in-username"
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
      />
      <label htmlFor="sign-in-password">Password</label>
      <input
        id="sign-in-password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />
      {error ? (
        <p role="alert" className="field-error" id="sign-in-error">
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        aria-describedby={error ? 'sign-in-error' : undefined}
      >
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
