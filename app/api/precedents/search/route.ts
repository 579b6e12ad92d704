import { AccessError, errorResponse, requireSignedIn } from '@/lib/auth/access';
import { requirePrecedentIndex, searchQuerySchema } from '@/lib/precedents/request';

export const dynamic = 'force-dynamic';

/**
 * Search over the adopted paragraphs: `?q=words` or `?q="a phrase"`, with
 * `session`, `committee` and `adopted` (withoutVote | recorded) filters and
 * `limit` (default 50). Answers `{ total, hits, facets }`, newest first.
 */
export async function GET(req: Request): Promise<Response> {
  try {
    await requireSignedIn();
    const query = Object.fromEntries(new URL(req.url).searchParams);
    const parsed = searchQuerySchema.safeParse(query);
    if (!parsed.success) {
      throw new AccessError(400, parsed.error.issues.map((issue) => issue.message).join(' '));
    }
    const index = await requirePrecedentIndex();
    const { q, limit, ...filters } = parsed.data;
    return Response.json(
      { ...index.search(q, filters, limit ?? 50), facets: index.facets() },
      { headers: { 'cache-control': 'no-store' } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
