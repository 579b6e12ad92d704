import { decisionRequestSchema, MAX_DECISION_IDS } from '@/lib/amendments/decision-request';
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
  params: Promise<{ id: string }>;
}

/**
 * A facilitator's decision on amendments: `{ "action": "accept" | "reject" |
 * "reinstate", "ids": [amendment ids] }`. Applied by the collaboration server
 * in one transaction; the answer says what was done, what had already been
 * decided (by whom), and what could not be reinstated.
 */
export async function POST(req: Request, { params }: Context): Promise<Response> {
  try {
    requireSameOrigin(req);
    const signedIn = await requireSignedIn();
    const { id } = await params;
    await requireDraftRole(signedIn, id, 'decide');
    const parsed = decisionRequestSchema.safeParse(await readJson(req, 512 * 1024));
    if (!parsed.success) {
      throw new AccessError(
        400,
        `Send { "action": "accept" | "reject" | "reinstate", "ids": [1 to ${MAX_DECISION_IDS} amendment ids] }.`,
      );
    }
    const service = requireDraftService();
    const { user } = signedIn;
    const report = await service.decide(id, parsed.data, {
      userId: user.id,
      name: user.displayName,
      delegation: user.delegation.code,
    });
    if (!report) throw new AccessError(404, 'There is no such draft for your delegation.');
    return Response.json(report);
  } catch (error) {
    return errorResponse(error);
  }
}
