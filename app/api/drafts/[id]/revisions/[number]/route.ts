import { AccessError, errorResponse, requireDraftRole, requireSignedIn } from '@/lib/auth/access';
import { getStores } from '@/lib/db/stores';
import { requireRevisionNumber } from '@/lib/revisions/revision-number';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ id: string; number: string }>;
}

/** One revision of the draft, with its text (`content`), for any role on the draft. */
export async function GET(_req: Request, { params }: Context): Promise<Response> {
  try {
    const signedIn = await requireSignedIn();
    const { id, number } = await params;
    await requireDraftRole(signedIn, id, 'view');
    const revision = await getStores().revisions.get(id, requireRevisionNumber(number));
    if (!revision) throw new AccessError(404, 'This draft has no such revision.');
    return Response.json(revision, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error);
  }
}
