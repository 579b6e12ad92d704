import { z } from 'zod';
import { delegationCodeSchema } from '@/lib/accounts/administration';
import { AccessError, errorResponse, requireDraftRole, requireSignedIn } from '@/lib/auth/access';
import { auditCsv } from '@/lib/db/audit-csv';
import { matchesAuditFilter } from '@/lib/db/audit-filter';
import { AUDIT_ACTIONS } from '@/lib/db/audit-store';
import { getStores } from '@/lib/db/stores';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ id: string }>;
}

const PARAMETERS = ['delegation', 'paragraph', 'action', 'format'] as const;

const historyQuery = z.strictObject(
  {
    delegation: delegationCodeSchema.optional(),
    paragraph: z
      .string()
      .trim()
      .regex(/^[^\p{Cc}]{1,100}$/u, {
        error:
          'paragraph is a reference as the history shows it, e.g. OP5 or PP3 (at most 100 characters).',
      })
      .optional(),
    action: z
      .enum(AUDIT_ACTIONS, { error: `action is one of ${AUDIT_ACTIONS.join(', ')}.` })
      .optional(),
    format: z.enum(['json', 'csv'], { error: 'format is json (the default) or csv.' }).optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Unknown parameter ${issue.keys.join(', ')}: the history takes ${PARAMETERS.join(', ')}.`
        : undefined,
  },
);

/** The query as one value per parameter; an empty one (a select left on "All") filters nothing. */
function queryOf(url: URL): Record<string, string> {
  const query: [string, string][] = [];
  for (const name of new Set(url.searchParams.keys())) {
    const [value, ...more] = url.searchParams.getAll(name);
    if (more.length > 0) throw new AccessError(400, `Give ${name} once.`);
    if (value) query.push([name, value]);
  }
  return Object.fromEntries(query);
}

/**
 * The history of a draft (its audit record), for any delegation with a role
 * on it: `{ entries }` newest first, or with `format=csv` a CSV file in the
 * order of the record (oldest first, as `cli audit list` prints it). Filters:
 * `delegation` (acted, or proposed the amendment concerned), `paragraph` (one
 * reference as recorded) and `action`.
 */
export async function GET(req: Request, { params }: Context): Promise<Response> {
  try {
    const signedIn = await requireSignedIn();
    const { id } = await params;
    await requireDraftRole(signedIn, id, 'view');
    const parsed = historyQuery.safeParse(queryOf(new URL(req.url)));
    if (!parsed.success) {
      throw new AccessError(400, parsed.error.issues.map((issue) => issue.message).join(' '));
    }
    const { format, ...filter } = parsed.data;
    const records = (await getStores().audit.list(id)).filter((record) =>
      matchesAuditFilter(record, filter),
    );
    if (format === 'csv') {
      return new Response(auditCsv(records), {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${id}-history.csv"`,
          'cache-control': 'no-store',
        },
      });
    }
    return Response.json(
      { entries: records.reverse() },
      { headers: { 'cache-control': 'no-store' } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
