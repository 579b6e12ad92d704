import { z } from 'zod';
import { discussionRequest, threadIdOf, type DiscussionContext } from '../../discussion-request';

export const dynamic = 'force-dynamic';

const resolveSchema = z.strictObject({
  resolved: z.boolean({ error: 'resolved is true (resolve) or false (reopen)' }),
});

/** The facilitator or the thread's author resolves (`true`) or reopens (`false`) it. */
export function POST(req: Request, context: DiscussionContext): Promise<Response> {
  return discussionRequest(
    req,
    context,
    'view',
    resolveSchema,
    'Send { "resolved": true } or { "resolved": false }.',
    (service, id, input, member, params) =>
      service.resolveThread(
        id,
        { threadId: threadIdOf(params), resolved: input?.resolved ?? true },
        member,
      ),
  );
}
