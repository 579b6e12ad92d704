import type { z } from 'zod';
import {
  AccessError,
  errorResponse,
  requireDraftService,
  readJson,
  requireDraftRole,
  requireSameOrigin,
  requireSignedIn,
} from '@/lib/auth/access';
import type { DraftAction } from '@/lib/auth/roles';
import type { DraftService } from '@/lib/collab/draft-service';
import type { SilenceResult } from '@/lib/collab/silence-state';
import type { SilenceActor } from '@/lib/db/silence-store';

export interface SilenceContext {
  params: Promise<{ id: string }>;
}

/**
 * The shape every silence route shares: same origin for a POST, the session,
 * the role's `action` on the draft, the body read by `schema` (a 400 with
 * `usage` otherwise), then the collaboration server's answer as JSON
 * (`{ silence }`, or `{ error }` with its status).
 */
export async function silenceRequest<T>(
  req: Request,
  { params }: SilenceContext,
  action: DraftAction,
  schema: z.ZodType<T> | null,
  usage: string,
  run: (
    service: DraftService,
    draftId: string,
    input: T | null,
    actor: SilenceActor,
  ) => Promise<SilenceResult>,
): Promise<Response> {
  try {
    requireSameOrigin(req);
    const signedIn = await requireSignedIn();
    const { id } = await params;
    await requireDraftRole(signedIn, id, action);
    let input: T | null = null;
    if (schema) {
      const parsed = schema.safeParse(await readJson(req, 16 * 1024));
      if (!parsed.success) {
        throw new AccessError(
          400,
          `${parsed.error.issues[0]?.message ?? 'Invalid request'}. ${usage}`,
        );
      }
      input = parsed.data;
    }
    const service = requireDraftService();
    const { user } = signedIn;
    const result = await run(service, id, input, {
      userId: user.id,
      name: user.displayName,
      delegation: user.delegation.code,
    });
    if (!result.ok) return Response.json({ error: result.error }, { status: result.status });
    return Response.json({ silence: result.state }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error);
  }
}
