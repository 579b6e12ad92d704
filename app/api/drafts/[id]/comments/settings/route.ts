import { z } from 'zod';
import { discussionRequest, type DiscussionContext } from '../discussion-request';

export const dynamic = 'force-dynamic';

const settingsSchema = z.strictObject({
  observersMayComment: z.boolean({ error: 'observersMayComment is true or false' }),
});

/** The facilitator lets observers comment on the draft (`true`) or stops them (`false`). */
export function POST(req: Request, context: DiscussionContext): Promise<Response> {
  return discussionRequest(
    req,
    context,
    'decide',
    settingsSchema,
    'Send { "observersMayComment": true } or { "observersMayComment": false }.',
    (service, id, input, member) =>
      service.setObserversMayComment(id, input?.observersMayComment ?? false, member),
  );
}
