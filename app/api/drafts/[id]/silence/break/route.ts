import { z } from 'zod';
import {
  MAX_SILENCE_PARAGRAPHS_LENGTH,
  MAX_SILENCE_STATEMENT_LENGTH,
} from '@/lib/collab/silence-state';
import { silenceRequest, type SilenceContext } from '../silence-request';

export const dynamic = 'force-dynamic';

const breakSchema = z.strictObject({
  paragraphs: z
    .string({ error: 'paragraphs names the paragraphs concerned, e.g. "OP3, OP7"' })
    .trim()
    .min(1, { error: 'Name the paragraphs concerned, e.g. "OP3, OP7"' })
    .max(MAX_SILENCE_PARAGRAPHS_LENGTH, {
      error: `The paragraphs are at most ${MAX_SILENCE_PARAGRAPHS_LENGTH} characters`,
    }),
  statement: z
    .string({ error: 'statement is your delegation’s written statement' })
    .trim()
    .min(1, { error: 'Silence is broken in writing: give a statement' })
    .max(MAX_SILENCE_STATEMENT_LENGTH, {
      error: `A statement is at most ${MAX_SILENCE_STATEMENT_LENGTH} characters`,
    }),
});

/**
 * A delegation with any role on the draft (observers too) breaks silence:
 * `{ "paragraphs": "OP3, OP7", "statement": "…" }`.
 */
export function POST(req: Request, context: SilenceContext): Promise<Response> {
  return silenceRequest(
    req,
    context,
    'view',
    breakSchema,
    'Send { "paragraphs": "OP3, OP7", "statement": "…" }.',
    (service, id, input, actor) =>
      service.breakSilence(
        id,
        { paragraphs: input?.paragraphs ?? '', statement: input?.statement ?? '' },
        actor,
      ),
  );
}
