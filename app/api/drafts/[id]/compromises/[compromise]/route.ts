import { compromiseRoute } from '../compromise-request';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ id: string; compromise: string }>;
}

/** The facilitator restores what a compromise superseded (it stays an ordinary amendment). */
export async function DELETE(req: Request, { params }: Context): Promise<Response> {
  const { id, compromise } = await params;
  return compromiseRoute(
    req,
    id,
    'decide',
    () => ({ kind: 'restore', compromise }),
    'Name the compromise in the address.',
  );
}
