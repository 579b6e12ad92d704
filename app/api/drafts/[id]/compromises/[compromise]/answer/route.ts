import { z } from 'zod';
import { compromiseRoute } from '../../compromise-request';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ id: string; compromise: string }>;
}

const answerSchema = z.object({ answer: z.enum(['agree', 'object']) });

/**
 * A delegation whose amendment the compromise supersedes agrees or objects:
 * `{ "answer": "agree" | "object" }` (its delegation from the session).
 */
export async function POST(req: Request, { params }: Context): Promise<Response> {
  const { id, compromise } = await params;
  return compromiseRoute(
    req,
    id,
    'view',
    (body) => {
      const parsed = answerSchema.safeParse(body);
      return parsed.success ? { kind: 'answer', compromise, answer: parsed.data.answer } : null;
    },
    'Send { "answer": "agree" | "object" }.',
  );
}
