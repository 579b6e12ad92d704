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
import type { DraftAction } from '@/lib/auth/roles';
import type { DraftService } from '@/lib/collab/draft-service';
import type { DiscussionMember } from '@/lib/collab/discussion-member';
import { MAX_COMMENT_LENGTH, type DiscussionResult } from '@/lib/collab/discussion-state';

export interface DiscussionContext {
  params: Promise<{ id: string; threadId?: string }>;
}

/** A comment's text, trimmed, not empty, length-capped. */
export const commentText = z
  .string({ error: 'text is the comment' })
  .trim()
  .min(1, { error: 'Write the comment first' })
  .max(MAX_COMMENT_LENGTH, { error: `A comment is at most ${MAX_COMMENT_LENGTH} characters` });

/** The thread named by the path, or a 404. */
export function threadIdOf(params: { threadId?: string }): number {
  const id = Number(params.threadId);
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new AccessError(404, 'There is no such discussion thread on this draft.');
  }
  return id;
}

/**
 * The shape every discussion route shares: same origin for a write, the
 * session, the role's `action` on the draft, the body read by `schema` (a 400
 * with `usage` otherwise), then the collaboration server's answer as JSON, or
 * `{ error }` with its status. Who comments is the session's user, never the
 * request's.
 */
export async function discussionRequest<T>(
  req: Request,
  { params }: DiscussionContext,
  action: DraftAction,
  schema: z.ZodType<T> | null,
  usage: string,
  run: (
    service: DraftService,
    draftId: string,
    input: T | null,
    member: DiscussionMember,
    params: { threadId?: string },
  ) => Promise<DiscussionResult | Record<string, unknown>>,
): Promise<Response> {
  try {
    requireSameOrigin(req);
    const signedIn = await requireSignedIn();
    const path = await params;
    const role = await requireDraftRole(signedIn, path.id, action);
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
    const result = await run(
      service,
      path.id,
      input,
      { userId: user.id, name: user.displayName, delegation: user.delegation.code, role },
      path,
    );
    if (result.ok === false) {
      return Response.json({ error: result.error }, { status: Number(result.status) });
    }
    return Response.json(
      Object.fromEntries(Object.entries(result).filter(([key]) => key !== 'ok')),
      { headers: { 'cache-control': 'no-store' } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
