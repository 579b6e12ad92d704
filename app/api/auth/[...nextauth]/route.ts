import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { getAuthContext } from '@/lib/auth/auth-context';
import { authOptions } from '@/lib/auth/auth-options';

interface Context {
  params: Promise<{ nextauth: string[] }>;
}

// The options need the secret and the stores, so they are built per process on first use.
async function handler(req: NextRequest, context: Context): Promise<Response> {
  return (await NextAuth(req, context, authOptions(await getAuthContext()))) as Response;
}

export { handler as GET, handler as POST };
