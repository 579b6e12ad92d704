import { AccessError, errorResponse, requireDraftRole, requireSignedIn } from '@/lib/auth/access';
import { loadDraftDoc } from '@/lib/db/load-draft-doc';
import { getStores } from '@/lib/db/stores';
import { EXPORT_FORMATS, findExportFormat, renderExport } from '@/lib/export';
import { finalDraft } from '@/lib/export/final-draft';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ id: string }>;
}

/** A file name from the draft's symbol or title: letters, digits, dots and dashes. */
function fileName(base: string, extension: string): string {
  const safe = base
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${safe || 'draft'}.${extension}`;
}

/**
 * The draft as a file, for any delegation with a role on it:
 * `?format=md|txt|akn|html|docx&variant=final`. The final draft leaves every
 * pending amendment out (rejected); how many there were is in the header
 * `X-Concord-Pending-Amendments`, for the page to warn before downloading.
 */
export async function GET(req: Request, { params }: Context): Promise<Response> {
  try {
    const signedIn = await requireSignedIn();
    const { id } = await params;
    await requireDraftRole(signedIn, id, 'view');
    const url = new URL(req.url);
    const format = findExportFormat(url.searchParams.get('format') ?? '');
    if (!format) {
      throw new AccessError(400, `format is one of ${EXPORT_FORMATS.map((f) => f.id).join(', ')}.`);
    }
    const variant = url.searchParams.get('variant') ?? 'final';
    if (variant !== 'final') {
      throw new AccessError(
        400,
        variant === 'markup'
          ? 'The marked-up variant cannot be exported yet; export the final draft (variant=final).'
          : 'variant is final (the marked-up variant is not available yet).',
      );
    }
    const loaded = await loadDraftDoc(getStores().drafts, id);
    if (!loaded) throw new AccessError(404, 'There is no such draft for your delegation.');
    const { document, pending } = finalDraft(loaded.doc);
    const bytes = await renderExport(format, document);
    const name = fileName(document.header.symbol || document.header.title, format.extension);
    return new Response(new Blob([new Uint8Array(bytes)]), {
      headers: {
        'content-type': format.mimeType,
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'no-store',
        'x-concord-pending-amendments': String(pending),
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
