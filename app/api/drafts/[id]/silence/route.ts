import { z } from 'zod';
import { silenceRequest, type SilenceContext } from './silence-request';

export const dynamic = 'force-dynamic';

const startSchema = z.strictObject({
  revision: z.int({ error: 'revision is the number of a revision (0 for the zero draft)' }).min(0),
  deadline: z.iso.datetime({
    offset: true,
    error: 'deadline is a date and time with its offset, e.g. 2026-12-08T18:00:00-05:00',
  }),
});

/** The draft's silence procedure (the running one, or the last one; null if none), for any role. */
export function GET(req: Request, context: SilenceContext): Promise<Response> {
  return silenceRequest(req, context, 'view', null, '', (service, id) => service.silenceState(id));
}

/**
 * The facilitator puts a revision under silence until a deadline:
 * `{ "revision": 1, "deadline": "2026-12-08T18:00:00-05:00" }`.
 */
export function POST(req: Request, context: SilenceContext): Promise<Response> {
  return silenceRequest(
    req,
    context,
    'decide',
    startSchema,
    'Send { "revision": <number>, "deadline": "<ISO date and time with offset>" }.',
    (service, id, input, actor) =>
      service.startSilence(
        id,
        { revision: input?.revision ?? -1, deadline: Date.parse(input?.deadline ?? '') },
        actor,
      ),
  );
}
