import { AccessError, errorResponse, requireDraftRole, requireSignedIn } from '@/lib/auth/access';
import { getStores } from '@/lib/db/stores';
import { compareRevisions } from '@/lib/revisions/compare';
import {
  COMPARISON_FORMATS,
  comparisonFile,
  isComparisonFormat,
} from '@/lib/revisions/comparison-file';
import { requireRevisionNumber } from '@/lib/revisions/revision-number';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ id: string }>;
}

/**
 * Two revisions of the draft compared clause by clause (paragraphs matched by
 * their id): `?from=<older>&to=<newer>` (0 is the zero draft). Any role on the
 * draft. Answers `{ from, to, comparison }`, the revisions without their text;
 * `&format=docx|md`: the newer revision marked against the older, as a file.
 */
export async function GET(req: Request, { params }: Context): Promise<Response> {
  try {
    const signedIn = await requireSignedIn();
    const { id } = await params;
    await requireDraftRole(signedIn, id, 'view');
    const url = new URL(req.url);
    const from = requireRevisionNumber(url.searchParams.get('from') ?? '');
    const to = requireRevisionNumber(url.searchParams.get('to') ?? '');
    const { revisions } = getStores();
    const [older, newer] = await Promise.all([revisions.get(id, from), revisions.get(id, to)]);
    if (!older || !newer) throw new AccessError(404, 'This draft has no such revision.');
    const format = url.searchParams.get('format') ?? 'json';
    if (format !== 'json') {
      if (!isComparisonFormat(format)) {
        throw new AccessError(400, `format is one of json, ${COMPARISON_FORMATS.join(', ')}.`);
      }
      const file = await comparisonFile(older, newer, format);
      return new Response(new Blob([new Uint8Array(file.bytes)]), {
        headers: {
          'content-type': file.mimeType,
          'content-disposition': `attachment; filename="${file.fileName}"`,
          'cache-control': 'no-store',
        },
      });
    }
    const { content: olderContent, ...fromSummary } = older;
    const { content: newerContent, ...toSummary } = newer;
    return Response.json(
      {
        from: fromSummary,
        to: toSummary,
        comparison: compareRevisions(olderContent, newerContent),
      },
      { headers: { 'cache-control': 'no-store' } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
