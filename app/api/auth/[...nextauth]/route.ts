import NextAuth from 'next-auth';
import { NextRequest } from 'next/server';
import { errorResponse, readBody } from '@/lib/auth/access';
import { getAuthContext } from '@/lib/auth/auth-context';
import { authOptions } from '@/lib/auth/auth-options';

interface Context {
  params: Promise<{ nextauth: string[] }>;
}

/** A sign-in form or sign-out request is a few hundred bytes. */
const MAX_BODY_BYTES = 16 * 1024;

// The options need the secret and the stores, so they are built per process on first use.
async function handler(req: NextRequest, context: Context): Promise<Response> {
  try {
    // next-auth reads a body whole, however large: it gets one already read within the limit.
    const limited =
      req.method === 'POST'
        ? new NextRequest(req.url, {
            method: req.method,
            headers: req.headers,
            body: await readBody(req, MAX_BODY_BYTES),
          })
        : req;
    return (await NextAuth(limited, context, authOptions(await getAuthContext()))) as Response;
  } catch (error) {
    return errorResponse(error);
  }
}

export { handler as GET, handler as POST };
