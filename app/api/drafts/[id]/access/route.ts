import { errorResponse, requireDraftRole, requireSignedIn } from '@/lib/auth/access';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ id: string }>;
}

/**
 * The caller's role on the draft: what the editor asks when its websocket is
 * refused, to tell the user why (401 signed out, 404 no role).
 */
export async function GET(_req: Request, { params }: Context): Promise<Response> {
  try {
    const signedIn = await requireSignedIn();
    const role = await requireDraftRole(signedIn, (await params).id, 'view');
    return Response.json({ role });
  } catch (error) {
    return errorResponse(error);
  }
}
