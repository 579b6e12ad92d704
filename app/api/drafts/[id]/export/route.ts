import { AccessError, errorResponse, requireDraftRole, requireSignedIn } from '@/lib/auth/access';
import { loadDraftDoc } from '@/lib/db/load-draft-doc';
import { getStores } from '@/lib/db/stores';
import { exportDraft, findVariantFormat } from '@/lib/export';
import { exportFileName } from '@/lib/export/file-name';
import { EXPORT_VARIANTS, isExportVariant, VARIANT_FORMAT_IDS } from '@/lib/export/format-labels';
import { requirePrecedentIndex } from '@/lib/precedents/request';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ id: string }>;
}

/**
 * The draft as a file, for any delegation with a role on it:
 * `?format=…&variant=final|markup|compilation`. The final draft leaves every
 * pending amendment out (rejected); the marked-up text shows them as Word
 * tracked changes by delegation (DOCX) or CriticMarkup (Markdown); the
 * compilation lists them inline, tagged with their delegation (with
 * `&agreedLanguage=1`, each paragraph followed by how much of it and of each
 * proposal's new words is agreed language, and where from). How many are
 * pending is in the header `X-Concord-Pending-Amendments`, for the page to
 * warn before downloading the final draft.
 */
export async function GET(req: Request, { params }: Context): Promise<Response> {
  try {
    const signedIn = await requireSignedIn();
    const { id } = await params;
    await requireDraftRole(signedIn, id, 'view');
    const url = new URL(req.url);
    const variant = url.searchParams.get('variant') ?? 'final';
    if (!isExportVariant(variant)) {
      throw new AccessError(400, `variant is one of ${EXPORT_VARIANTS.join(', ')}.`);
    }
    const format = findVariantFormat(variant, url.searchParams.get('format') ?? '');
    if (!format) {
      throw new AccessError(
        400,
        `format is one of ${VARIANT_FORMAT_IDS[variant].join(', ')} for the ${variant} variant.`,
      );
    }
    const agreedLanguage = url.searchParams.get('agreedLanguage') ?? '0';
    if (agreedLanguage !== '0' && agreedLanguage !== '1') {
      throw new AccessError(400, 'agreedLanguage is 1 (show the agreed language) or 0.');
    }
    if (agreedLanguage === '1' && variant !== 'compilation') {
      throw new AccessError(400, 'agreedLanguage=1 is for the compilation (variant=compilation).');
    }
    const loaded = await loadDraftDoc(getStores().drafts, id);
    if (!loaded) throw new AccessError(404, 'There is no such draft for your delegation.');
    const { bytes, header, pending } = await exportDraft(loaded.doc, format, {
      agreedLanguage: agreedLanguage === '1' ? await requirePrecedentIndex() : undefined,
    });
    const suffix = variant === 'final' ? '' : variant;
    const name = exportFileName(header.symbol || header.title, suffix, format.extension);
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
