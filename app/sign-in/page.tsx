import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/SignInForm';
import { getCurrentUser } from '@/lib/auth/current-user';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in · Concord' };

interface Props {
  searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[] }>;
}

/** Only a path on this site: never send someone elsewhere after signing in. */
function safeReturnPath(value: string | string[] | undefined): string {
  const path = Array.isArray(value) ? value[0] : value;
  return path && path.startsWith('/') && !path.startsWith('//') ? path : '/';
}

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const returnTo = safeReturnPath(params.callbackUrl);
  if (await getCurrentUser()) redirect(returnTo);
  const error = Array.isArray(params.error) ? params.error[0] : params.error;
  return (
    <main className="page sign-in-page">
      <header className="page-header">
        <h1>Concord</h1>
        <p className="tagline">Draft resolutions, negotiated together.</p>
      </header>
      <SignInForm returnTo={returnTo} initialError={error ?? null} />
    </main>
  );
}
