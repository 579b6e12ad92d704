import { z } from 'zod';
import {
  AccessError,
  errorResponse,
  requireDraftService,
  readJson,
  requireDraftRole,
  requireSameOrigin,
  requireSignedIn,
} from '@/lib/auth/access';
import { RevisionConflictError } from '@/lib/db/revision-store';
import { getStores } from '@/lib/db/stores';
import { PENDING_POLICIES } from '@/lib/revisions/issue-revision';
import { MAX_REVISION_NOTE_LENGTH } from '@/lib/revisions/revision';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ id: string }>;
}

const issueSchema = z.object({
  note: z.string().max(MAX_REVISION_NOTE_LENGTH).default(''),
  pending: z.enum(PENDING_POLICIES),
});

/**
 * The draft's revisions (zero draft, Rev.1 …), oldest first, for any role on
 * it, with the newest one this user has read (`lastSeen`, or null).
 */
export async function GET(_req: Request, { params }: Context): Promise<Response> {
  try {
    const signedIn = await requireSignedIn();
    const { id } = await params;
    await requireDraftRole(signedIn, id, 'view');
    const stores = getStores();
    const [revisions, lastSeen] = await Promise.all([
      stores.revisions.list(id),
      stores.revisions.lastSeen(signedIn.user.id, id),
    ]);
    return Response.json({ revisions, lastSeen }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * The facilitator issues the next revision: `{ "note": "…", "pending":
 * "carry" | "reject" }` (pending amendments stay pending, or are closed).
 */
export async function POST(req: Request, { params }: Context): Promise<Response> {
  try {
    requireSameOrigin(req);
    const signedIn = await requireSignedIn();
    const { id } = await params;
    await requireDraftRole(signedIn, id, 'decide');
    const parsed = issueSchema.safeParse(await readJson(req, 64 * 1024));
    if (!parsed.success) {
      throw new AccessError(
        400,
        `Send { "note": "up to ${MAX_REVISION_NOTE_LENGTH} characters", "pending": "carry" | "reject" }.`,
      );
    }
    const service = requireDraftService();
    const { user } = signedIn;
    try {
      const report = await service.issueRevision(id, parsed.data, {
        userId: user.id,
        name: user.displayName,
        delegation: user.delegation.code,
      });
      if (!report) throw new AccessError(404, 'There is no such draft for your delegation.');
      return Response.json(report, { status: 201 });
    } catch (error) {
      if (error instanceof RevisionConflictError) {
        throw new AccessError(
          409,
          'Another revision was issued at the same moment. Reload the list of revisions and try again.',
        );
      }
      throw error;
    }
  } catch (error) {
    return errorResponse(error);
  }
}
