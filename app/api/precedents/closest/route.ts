import {
  answerPrecedentPost,
  closestRequestSchema,
  MAX_MATCH_TEXT_CHARS,
} from '@/lib/precedents/request';

export const dynamic = 'force-dynamic';

/**
 * Precedents of one paragraph: `{ "text": paragraph, "limit"?: 1–20 }`
 * answers `{ "match": ParagraphMatch, "closest": [Source] }`, the agreed
 * passages and the adopted paragraphs closest to it, near matches included.
 */
export function POST(req: Request): Promise<Response> {
  return answerPrecedentPost(
    req,
    {
      schema: closestRequestSchema,
      maxBytes: 256 * 1024,
      usage: `Send { "text": a paragraph of at most ${MAX_MATCH_TEXT_CHARS} characters, "limit"?: 1 to 20 }.`,
    },
    (index, { text, limit }) => ({ match: index.match(text), closest: index.closest(text, limit) }),
  );
}
