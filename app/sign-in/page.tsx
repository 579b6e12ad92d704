import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/SignInForm';
import { requestSiteOrigin } from '@/lib/auth/access';
import { getCurrentUser } from '@/lib/auth/current-user';
import { safeReturnPath } from '@/lib/auth/return-path';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in · Concord' };

interface Props {
  searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[] }>;
}

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  // (Null only for a request without Host, which HTTP/1.1 servers refuse anyway.)
  const site = requestSiteOrigin(await headers()) ?? 'http://localhost';
  // Never send someone to another site after signing in.
  const callbackUrl = Array.isArray(params.callbackUrl)
    ? params.callbackUrl[0]
    : params.callbackUrl;
  const returnTo = safeReturnPath(callbackUrl, site);
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
