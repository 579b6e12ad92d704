import { AccessError, errorResponse, requireSignedIn } from '@/lib/auth/access';
import { requirePrecedentIndex } from '@/lib/precedents/request';

export const dynamic = 'force-dynamic';

/** One adopted resolution of the corpus with its paragraphs: `?symbol=A/RES/78/100`. */
export async function GET(req: Request): Promise<Response> {
  try {
    await requireSignedIn();
    const symbol = new URL(req.url).searchParams.get('symbol')?.trim() ?? '';
    if (!symbol || symbol.length > 100) {
      throw new AccessError(400, 'Give the resolution’s symbol: ?symbol=A/RES/78/100.');
    }
    const index = await requirePrecedentIndex();
    const resolution = index.resolution(symbol);
    if (!resolution) {
      throw new AccessError(404, `${symbol} is not among the adopted resolutions Concord holds.`);
    }
    return Response.json(resolution, { headers: { 'cache-control': 'public, max-age=3600' } });
  } catch (error) {
    return errorResponse(error);
  }
}
