import {
  answerPrecedentPost,
  matchRequestSchema,
  MAX_MATCH_TEXT_CHARS,
  MAX_MATCH_TEXTS,
} from '@/lib/precedents/request';

export const dynamic = 'force-dynamic';

/**
 * The agreed language in paragraphs: `{ "texts": [paragraph texts] }` answers
 * `{ "matches": [ParagraphMatch] }`, one per text, in order (passages of 8 or
 * more words found in adopted resolutions, with their sources).
 */
export function POST(req: Request): Promise<Response> {
  return answerPrecedentPost(
    req,
    {
      schema: matchRequestSchema,
      maxBytes: 4 * 1024 * 1024,
      usage: `Send { "texts": [up to ${MAX_MATCH_TEXTS} paragraph texts of at most ${MAX_MATCH_TEXT_CHARS} characters] }.`,
    },
    (index, { texts }) => ({ matches: texts.map((text) => index.match(text)) }),
  );
}
