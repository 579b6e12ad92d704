import { z } from 'zod';
import {
  AccessError,
  errorResponse,
  readJson,
  requireDraftRole,
  requireSameOrigin,
  requireSignedIn,
} from '@/lib/auth/access';
import { getStores } from '@/lib/db/stores';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ id: string }>;
}

const seenSchema = z.object({ number: z.number().int().min(0).max(9999) });

/** Records that this user read revision `{ "number": n }` (for "compare with what I last saw"). */
export async function PUT(req: Request, { params }: Context): Promise<Response> {
  try {
    requireSameOrigin(req);
    const signedIn = await requireSignedIn();
    const { id } = await params;
    await requireDraftRole(signedIn, id, 'view');
    const parsed = seenSchema.safeParse(await readJson(req, 1024));
    if (!parsed.success) throw new AccessError(400, 'Send { "number": the revision read }.');
    const stores = getStores();
    if (!(await stores.revisions.get(id, parsed.data.number))) {
      throw new AccessError(404, 'This draft has no such revision.');
    }
    await stores.revisions.markSeen(signedIn.user.id, id, parsed.data.number);
    return Response.json({ lastSeen: await stores.revisions.lastSeen(signedIn.user.id, id) });
  } catch (error) {
    return errorResponse(error);
  }
}
