import { z } from 'zod';
import {
  commentText,
  discussionRequest,
  threadIdOf,
  type DiscussionContext,
} from '../../discussion-request';

export const dynamic = 'force-dynamic';

const replySchema = z.strictObject({ text: commentText });

/** A reply in an open thread (facilitators, sponsors; observers when allowed). */
export function POST(req: Request, context: DiscussionContext): Promise<Response> {
  return discussionRequest(
    req,
    context,
    'view',
    replySchema,
    'Send { "text": "…" }.',
    (service, id, input, member, params) =>
      service.replyToThread(id, { threadId: threadIdOf(params), text: input?.text ?? '' }, member),
  );
}
