import { z } from 'zod';
import {
  AccessError,
  errorResponse,
  readJson,
  requireSameOrigin,
  requireSignedIn,
} from '../auth/access';
import { getPrecedentIndex } from './load-index';
import type { PrecedentIndex } from './precedent-index';

/** Limits of the finder's requests: a whole draft's paragraphs at once, each of a paragraph's size. */
export const MAX_MATCH_TEXTS = 1000;
export const MAX_MATCH_TEXT_CHARS = 20_000;

export const matchRequestSchema = z.strictObject({
  texts: z.array(z.string().max(MAX_MATCH_TEXT_CHARS)).max(MAX_MATCH_TEXTS),
});

export const closestRequestSchema = z.strictObject({
  text: z.string().max(MAX_MATCH_TEXT_CHARS),
  limit: z.number().int().min(1).max(20).optional(),
});

export const searchQuerySchema = z.strictObject({
  q: z.string().trim().min(1, 'q: give words to look for, or a "quoted phrase".').max(500),
  session: z.coerce.number().int().min(1).max(999).optional(),
  committee: z.string().trim().min(1).max(200).optional(),
  adopted: z
    .enum(['withoutVote', 'recorded'], { error: 'adopted is withoutVote or recorded.' })
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

/** The loaded index, or a 503 saying why the finder is unavailable. */
export async function requirePrecedentIndex(): Promise<PrecedentIndex> {
  try {
    return await getPrecedentIndex();
  } catch (error) {
    throw new AccessError(503, `Agreed language cannot be looked up: ${(error as Error).message}`);
  }
}

/**
 * A look-up POSTed to the finder by a signed-in page of this site: the body
 * checked against `schema` (else 400 with `usage`), the index loaded (else
 * 503), then `answer`'s JSON, not cached.
 */
export async function answerPrecedentPost<T>(
  req: Request,
  request: { schema: z.ZodType<T>; maxBytes: number; usage: string },
  answer: (index: PrecedentIndex, body: T) => unknown,
): Promise<Response> {
  try {
    requireSameOrigin(req);
    await requireSignedIn();
    const parsed = request.schema.safeParse(await readJson(req, request.maxBytes));
    if (!parsed.success) throw new AccessError(400, request.usage);
    const index = await requirePrecedentIndex();
    return Response.json(answer(index, parsed.data), { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error);
  }
}
