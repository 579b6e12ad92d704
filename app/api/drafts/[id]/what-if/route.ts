import { z } from 'zod';
import { MAX_DECISION_IDS } from '@/lib/amendments/decision-request';
import { whatIf, whatIfExportSummary } from '@/lib/amendments/what-if';
import {
  AccessError,
  errorResponse,
  readJson,
  requireDraftRole,
  requireSameOrigin,
  requireSignedIn,
} from '@/lib/auth/access';
import { loadDraftDoc } from '@/lib/db/load-draft-doc';
import { getStores } from '@/lib/db/stores';
import { findExportFormat, renderExport } from '@/lib/export';
import { exportFileName } from '@/lib/export/file-name';
import { isId } from '@/lib/schema/new-id';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ id: string }>;
}

const WHAT_IF_FORMATS = ['json', 'docx', 'md'] as const;

const whatIfSchema = z.strictObject({
  ids: z.array(z.string().refine(isId, 'an amendment id')).max(MAX_DECISION_IDS),
  format: z.enum(WHAT_IF_FORMATS).optional(),
});

/**
 * The what-if view, for any delegation with a role on the draft: `{ "ids":
 * [amendment ids], "format"?: "json" | "docx" | "md" }` answers the text as
 * if exactly those pending amendments were accepted and the others rejected
 * (each paragraph with its reference, what it was and its words; the
 * paragraphs it removes; the conflicts between the chosen amendments; the ids
 * that are not pending), or that text as a Word or Markdown file, recorded in
 * the audit log. Nothing is decided: the draft is read from storage, as the
 * export reads it, and changed only on a copy.
 */
export async function POST(req: Request, { params }: Context): Promise<Response> {
  try {
    requireSameOrigin(req);
    const signedIn = await requireSignedIn();
    const { id } = await params;
    await requireDraftRole(signedIn, id, 'view');
    const parsed = whatIfSchema.safeParse(await readJson(req, 512 * 1024));
    if (!parsed.success) {
      throw new AccessError(
        400,
        `Send { "ids": [0 to ${MAX_DECISION_IDS} amendment ids], "format": "json" | "docx" | "md" }.`,
      );
    }
    const stores = getStores();
    const loaded = await loadDraftDoc(stores.drafts, id);
    if (!loaded) throw new AccessError(404, 'There is no such draft for your delegation.');
    let result;
    try {
      result = whatIf(loaded.doc, parsed.data.ids);
    } finally {
      loaded.doc.destroy();
    }
    const { document, ...view } = result;
    const format = parsed.data.format ?? 'json';
    if (format === 'json') {
      return Response.json(view, { headers: { 'cache-control': 'no-store' } });
    }
    const file = findExportFormat(format)!;
    const bytes = await renderExport(file, document);
    const { user } = signedIn;
    await stores.audit.append([
      {
        draftId: id,
        at: Date.now(),
        userId: user.id,
        userName: user.displayName,
        delegation: user.delegation.code,
        action: 'whatif.exported',
        suggestionId: null,
        paragraph: null,
        detail: {
          ids: view.applied,
          ignored: view.ignored,
          conflicts: view.conflicts.length,
          format,
          summary: whatIfExportSummary(result, user.delegation.code, file.label),
        },
      },
    ]);
    const header = document.header;
    const name = exportFileName(header.symbol || header.title, 'what-if', file.extension);
    return new Response(new Blob([new Uint8Array(bytes)]), {
      headers: {
        'content-type': file.mimeType,
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
