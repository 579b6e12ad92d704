import { z } from 'zod';
import { MAX_SUPERSEDED } from '@/lib/amendments/compromises';
import { isId } from '@/lib/schema/new-id';
import { compromiseRoute } from './compromise-request';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ id: string }>;
}

const makeSchema = z.object({
  compromise: z.string().refine(isId),
  supersedes: z.array(z.string().refine(isId)).min(1).max(MAX_SUPERSEDED),
});

/**
 * The facilitator makes one of their delegation's pending amendments a
 * compromise superseding others on the same passage: `{ "compromise": id,
 * "supersedes": [ids] }`.
 */
export async function POST(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params;
  return compromiseRoute(
    req,
    id,
    'decide',
    (body) => {
      const parsed = makeSchema.safeParse(body);
      return parsed.success ? { kind: 'make', ...parsed.data } : null;
    },
    `Send { "compromise": an amendment id, "supersedes": [1 to ${MAX_SUPERSEDED} amendment ids] }.`,
  );
}
