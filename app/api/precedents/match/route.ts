import {
  AccessError,
  errorResponse,
  readJson,
  requireSameOrigin,
  requireSignedIn,
} from '@/lib/auth/access';
import {
  matchRequestSchema,
  MAX_MATCH_TEXT_CHARS,
  MAX_MATCH_TEXTS,
  requirePrecedentIndex,
} from '@/lib/precedents/request';

export const dynamic = 'force-dynamic';

/**
 * The agreed language in paragraphs: `{ "texts": [paragraph texts] }` answers
 * `{ "matches": [ParagraphMatch] }`, one per text, in order (passages of 8 or
 * more words found in adopted resolutions, with their sources).
 */
export async function POST(req: Request): Promise<Response> {
  try {
    requireSameOrigin(req);
    await requireSignedIn();
    const parsed = matchRequestSchema.safeParse(await readJson(req, 4 * 1024 * 1024));
    if (!parsed.success) {
      throw new AccessError(
        400,
        `Send { "texts": [up to ${MAX_MATCH_TEXTS} paragraph texts of at most ${MAX_MATCH_TEXT_CHARS} characters] }.`,
      );
    }
    const index = await requirePrecedentIndex();
    return Response.json(
      { matches: parsed.data.texts.map((text) => index.match(text)) },
      { headers: { 'cache-control': 'no-store' } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
