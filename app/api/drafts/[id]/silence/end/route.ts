import { silenceRequest, type SilenceContext } from '../silence-request';

export const dynamic = 'force-dynamic';

/** The facilitator ends silence before its deadline ('broken' if anyone broke it, else 'ended'). */
export function POST(req: Request, context: SilenceContext): Promise<Response> {
  return silenceRequest(req, context, 'decide', null, '', (service, id, _input, actor) =>
    service.endSilence(id, actor),
  );
}
