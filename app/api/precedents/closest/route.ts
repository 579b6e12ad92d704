import {
  AccessError,
  errorResponse,
  readJson,
  requireSameOrigin,
  requireSignedIn,
} from '@/lib/auth/access';
import {
  closestRequestSchema,
  MAX_MATCH_TEXT_CHARS,
  requirePrecedentIndex,
} from '@/lib/precedents/request';

export const dynamic = 'force-dynamic';

/**
 * Precedents of one paragraph: `{ "text": paragraph, "limit"?: 1–20 }`
 * answers `{ "match": ParagraphMatch, "closest": [Source] }`, the agreed
 * passages and the adopted paragraphs closest to it, near matches included.
 */
export async function POST(req: Request): Promise<Response> {
  try {
    requireSameOrigin(req);
    await requireSignedIn();
    const parsed = closestRequestSchema.safeParse(await readJson(req, 256 * 1024));
    if (!parsed.success) {
      throw new AccessError(
        400,
        `Send { "text": a paragraph of at most ${MAX_MATCH_TEXT_CHARS} characters, "limit"?: 1 to 20 }.`,
      );
    }
    const index = await requirePrecedentIndex();
    const { text, limit } = parsed.data;
    return Response.json(
      { match: index.match(text), closest: index.closest(text, limit) },
      { headers: { 'cache-control': 'no-store' } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
