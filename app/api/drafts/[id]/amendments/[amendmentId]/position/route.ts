import { z } from 'zod';
import { POSITIONS } from '@/lib/amendments/positions';
import {
  AccessError,
  errorResponse,
  requireDraftService,
  readJson,
  requireDraftRole,
  requireSameOrigin,
  requireSignedIn,
} from '@/lib/auth/access';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ id: string; amendmentId: string }>;
}

const positionSchema = z.strictObject({
  position: z.enum(POSITIONS, { error: 'position is "support" or "object"' }),
});

const AMENDMENT_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * The session's delegation (any role, observers too) and no other: `PUT`
 * `{ "position": "support" | "object" }` supports or objects to another
 * delegation's pending amendment (replacing its previous position); `DELETE`
 * withdraws it. Answers `{ positions: { support: [codes], object: [codes] } }`.
 */
async function positionRequest(req: Request, { params }: Context): Promise<Response> {
  try {
    requireSameOrigin(req);
    const signedIn = await requireSignedIn();
    const { id, amendmentId } = await params;
    await requireDraftRole(signedIn, id, 'view');
    if (!AMENDMENT_ID.test(amendmentId)) {
      throw new AccessError(404, 'There is no such amendment in this draft.');
    }
    let position: z.infer<typeof positionSchema>['position'] | null = null;
    if (req.method === 'PUT') {
      const parsed = positionSchema.safeParse(await readJson(req, 1024));
      if (!parsed.success) {
        throw new AccessError(
          400,
          `${parsed.error.issues[0]?.message ?? 'Invalid request'}. Send { "position": "support" | "object" }.`,
        );
      }
      position = parsed.data.position;
    }
    const service = requireDraftService();
    const { user } = signedIn;
    const actor = { userId: user.id, name: user.displayName, delegation: user.delegation.code };
    const result = position
      ? await service.takePosition(id, amendmentId, position, actor)
      : await service.withdrawPosition(id, amendmentId, actor);
    if (!result.ok) return Response.json({ error: result.error }, { status: result.status });
    return Response.json(
      { positions: result.positions },
      { headers: { 'cache-control': 'no-store' } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}

export const PUT = positionRequest;
export const DELETE = positionRequest;
