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
import type { CompromiseRequest } from '@/lib/amendments/compromises';

/**
 * A compromise request of a route: same origin, signed in, the role the
 * action needs, the body read (at most 64 KB) and turned into the request;
 * answers the compromise's state, or the refusal with its reason.
 */
export async function compromiseRoute(
  req: Request,
  draftId: string,
  action: DraftAction,
  toRequest: (body: unknown) => CompromiseRequest | null,
  usage: string,
): Promise<Response> {
  try {
    requireSameOrigin(req);
    const signedIn = await requireSignedIn();
    await requireDraftRole(signedIn, draftId, action);
    const body = req.method === 'DELETE' ? {} : await readJson(req, 64 * 1024);
    const request = toRequest(body);
    if (!request) throw new AccessError(400, usage);
    const service = requireDraftService();
    const { user } = signedIn;
    const state = await service.compromise(draftId, request, {
      userId: user.id,
      name: user.displayName,
      delegation: user.delegation.code,
    });
    if (!state) throw new AccessError(404, 'There is no such draft for your delegation.');
    return Response.json(state);
  } catch (error) {
    return errorResponse(error);
  }
}
