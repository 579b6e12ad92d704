import { z } from 'zod';
import { createDraftWithFacilitator } from '@/lib/accounts/administration';
import {
  AccessError,
  errorResponse,
  readJson,
  requireSameOrigin,
  requireSignedIn,
} from '@/lib/auth/access';
import { getStores } from '@/lib/db/stores';

export const dynamic = 'force-dynamic';

/** The drafts the user's delegation has a role on, with that role. */
export async function GET(): Promise<Response> {
  try {
    const { user } = await requireSignedIn();
    const drafts = await getStores().accounts.listDraftsForDelegation(user.delegation.code);
    return Response.json({ drafts });
  } catch (error) {
    return errorResponse(error);
  }
}

const createDraftBody = z.object({
  title: z.string(),
  /** Delegation holding the pen; the Secretariat names it, anyone else holds it themselves. */
  facilitator: z.string().optional(),
});

/** Creates an empty draft. */
export async function POST(req: Request): Promise<Response> {
  try {
    requireSameOrigin(req);
    const { user } = await requireSignedIn();
    const parsed = createDraftBody.safeParse(await readJson(req));
    if (!parsed.success) {
      throw new AccessError(
        400,
        'Send { "title": "…" } (and "facilitator": "<CODE>" if Secretariat).',
      );
    }
    const requested = parsed.data.facilitator;
    if (!user.isSecretariat && requested && requested.toUpperCase() !== user.delegation.code) {
      throw new AccessError(403, 'Only the Secretariat creates drafts for another delegation.');
    }
    const facilitator = user.isSecretariat ? requested : user.delegation.code;
    const draft = await createDraftWithFacilitator(getStores(), {
      title: parsed.data.title,
      facilitator,
    });
    return Response.json({ draft }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
