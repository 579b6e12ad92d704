import { AccessError, errorResponse, requireDraftRole, requireSignedIn } from '@/lib/auth/access';
import { getStores } from '@/lib/db/stores';
import { EXPORT_FORMATS, findExportFormat, renderExport } from '@/lib/export';
import { exportFileName } from '@/lib/export/file-name';
import { finalDocumentFromBody } from '@/lib/export/final-draft';
import { revisionBody } from '@/lib/revisions/revision';
import { requireRevisionNumber } from '@/lib/revisions/revision-number';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ id: string; number: string }>;
}

/** A revision as a file, as issued: `?format=docx|pdf|md|…` (any role on the draft). */
export async function GET(req: Request, { params }: Context): Promise<Response> {
  try {
    const signedIn = await requireSignedIn();
    const { id, number } = await params;
    await requireDraftRole(signedIn, id, 'view');
    const format = findExportFormat(new URL(req.url).searchParams.get('format') ?? 'docx');
    if (!format) {
      throw new AccessError(400, `format is one of ${EXPORT_FORMATS.map((f) => f.id).join(', ')}.`);
    }
    const revision = await getStores().revisions.get(id, requireRevisionNumber(number));
    if (!revision) throw new AccessError(404, 'This draft has no such revision.');
    const document = finalDocumentFromBody(revisionBody(revision.content), revision.content.header);
    const bytes = await renderExport(format, document);
    const name = exportFileName(
      revision.symbol || `${revision.content.header.title} ${revision.name}`,
      '',
      format.extension,
    );
    return new Response(new Blob([new Uint8Array(bytes)]), {
      headers: {
        'content-type': format.mimeType,
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
