import { z } from 'zod';
import { commentText, discussionRequest, type DiscussionContext } from './discussion-request';

export const dynamic = 'force-dynamic';

const startSchema = z.union([
  z.strictObject({ paragraphId: z.string().min(1).max(100), text: commentText }),
  z.strictObject({ amendmentId: z.string().min(1).max(100), text: commentText }),
]);

const editSchema = z.strictObject({
  commentId: z.int({ error: 'commentId is the number of your comment' }).min(1),
  text: commentText,
});

const USAGE =
  'Send { "paragraphId": "<paragraph id>", "text": "…" } or { "amendmentId": "<amendment id>", "text": "…" }.';

/** Every discussion thread of the draft, with its comments, for any role. */
export function GET(req: Request, context: DiscussionContext): Promise<Response> {
  return discussionRequest(req, context, 'view', null, '', async (service, id) => {
    const threads = await service.discussionThreads(id);
    return threads
      ? { ok: true, threads }
      : { ok: false, status: 404, error: 'There is no such draft for your delegation.' };
  });
}

/**
 * Starts a thread on a paragraph or a pending proposal with its first comment (facilitators,
 * sponsors; observers when the facilitator allows it).
 */
export function POST(req: Request, context: DiscussionContext): Promise<Response> {
  return discussionRequest(req, context, 'view', startSchema, USAGE, (service, id, input, member) =>
    service.startThread(
      id,
      {
        anchor:
          input && 'paragraphId' in input
            ? { kind: 'paragraph', paragraphId: input.paragraphId }
            : { kind: 'proposal', amendmentId: input?.amendmentId ?? '' },
        text: input?.text ?? '',
      },
      member,
    ),
  );
}

/** Its author edits a comment: `{ "commentId": 12, "text": "…" }`, within ten minutes of posting it. */
export function PATCH(req: Request, context: DiscussionContext): Promise<Response> {
  return discussionRequest(
    req,
    context,
    'view',
    editSchema,
    'Send { "commentId": <number>, "text": "…" }.',
    (service, id, input, member) =>
      service.editComment(
        id,
        { commentId: input?.commentId ?? 0, text: input?.text ?? '' },
        member,
      ),
  );
}
