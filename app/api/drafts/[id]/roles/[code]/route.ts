import { z } from 'zod';
import { grantDraftRole, withdrawDraftRole } from '@/lib/accounts/administration';
import {
  AccessError,
  errorResponse,
  readJson,
  requireSameOrigin,
  requireSecretariat,
  requireSignedIn,
} from '@/lib/auth/access';
import { DRAFT_ROLES } from '@/lib/auth/roles';
import { getStores } from '@/lib/db/stores';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ id: string; code: string }>;
}

const grantBody = z.object({ role: z.string() });

/** Gives the delegation a role on the draft (Secretariat only). */
export async function PUT(req: Request, { params }: Context): Promise<Response> {
  try {
    requireSameOrigin(req);
    requireSecretariat(await requireSignedIn());
    const { id, code } = await params;
    const parsed = grantBody.safeParse(await readJson(req));
    if (!parsed.success) {
      throw new AccessError(400, `Send { "role": "${DRAFT_ROLES.join('" | "')}" }.`);
    }
    const granted = await grantDraftRole(getStores(), {
      draftId: id,
      delegationCode: code,
      role: parsed.data.role,
    });
    return Response.json({ delegation: granted.delegation, role: granted.role });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Withdraws the delegation's role; its open connections close at the next re-check. */
export async function DELETE(req: Request, { params }: Context): Promise<Response> {
  try {
    requireSameOrigin(req);
    requireSecretariat(await requireSignedIn());
    const { id, code } = await params;
    await withdrawDraftRole(getStores(), { draftId: id, delegationCode: code });
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
